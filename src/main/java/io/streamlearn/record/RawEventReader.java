package io.streamlearn.record;

import io.streamlearn.record.JsonTokens.Token;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the fields of a raw JSON event (docs/DESIGN.md, "Raw events") in one pass over its bytes,
 * with the project's tokenizer {@link JsonTokens}: nothing is allocated per event (names are
 * matched as bytes, values land in the {@link RawEvent}'s reused buffers), where Jackson's parser
 * costs a parser and its contexts per event. The fields are a trie of their pointers, so one pass
 * finds them all, at any depth; every other value is skipped (its JSON still checked).
 *
 * <p>Per field: a number, a string, a boolean, null or absent. A pointer through a missing member,
 * a null or a scalar is absent. A numeric field holding a string, boolean, object or array, or a
 * scalar field holding an object or array, is {@link RejectReason#WRONG_TYPE}, naming the field; a
 * field given twice is {@link RejectReason#INVALID_RECORD}. The limits of {@link RecordLimits} hold
 * as for feature records: the value's size ({@code too_large}), its nesting depth
 * ({@code invalid_record}), its number of object members in all ({@code maxFeatures},
 * {@code too_large}), a numeric value's magnitude ({@code too_large}); NaN and Infinity literals and
 * numbers beyond the doubles are {@code non_finite}.
 *
 * <p>Thread-safe: the reader holds only the fields; a call's state is in its {@link RawEvent}.
 */
public final class RawEventReader {

    private final List<RawField> fields;
    private final RecordLimits limits;
    private final Node root = new Node(null);

    public RawEventReader(List<RawField> fields, RecordLimits limits) {
        this.fields = List.copyOf(fields);
        this.limits = limits;
        for (int i = 0; i < this.fields.size(); i++) {
            Node n = root;
            for (String token : this.fields.get(i).pointer()) {
                n = n.child(token);
            }
            if (n.field >= 0) {
                throw new IllegalArgumentException("field " + this.fields.get(i).name() + " is also field "
                        + this.fields.get(n.field).name());
            }
            n.field = i;
        }
    }

    public List<RawField> fields() {
        return fields;
    }

    /** A buffer for this reader's events. */
    public RawEvent newEvent() {
        return new RawEvent(fields.size());
    }

    /**
     * Reads one event's fields into {@code into}; on a rejection {@code into} holds nothing of use.
     *
     * @throws RecordRejectedException with the reason and a message saying what is wrong and where
     */
    public void read(byte[] value, RawEvent into) throws RecordRejectedException {
        if (into.fieldCount() != fields.size()) {
            throw new IllegalArgumentException("an event of " + into.fieldCount() + " fields for a reader of "
                    + fields.size());
        }
        limits.checkValue(value);
        into.clear();
        JsonTokens p = into.tokens;
        p.reset(value, limits.maxDepth());
        Token t = p.next();
        if (t != Token.START_OBJECT) {
            throw new RecordRejectedException(RejectReason.INVALID_RECORD, "an event is a JSON object, got "
                    + t.description());
        }
        into.members = 0;
        readObject(p, root, into);
        p.next(); // Token.END: the tokenizer refuses anything after the root value
    }

    /** After START_OBJECT: the members, to the END_OBJECT. */
    private void readObject(JsonTokens p, Node node, RawEvent into) throws RecordRejectedException {
        while (p.next() == Token.FIELD_NAME) {
            if (++into.members > limits.maxFeatures()) {
                throw new RecordRejectedException(RejectReason.TOO_LARGE, "more than " + limits.maxFeatures()
                        + " fields");
            }
            Node child = node.find(p);
            readMember(p, child, p.next(), into);
        }
    }

    /** After START_ARRAY: the elements, to the END_ARRAY; a pointer token of digits is an index. */
    private void readArray(JsonTokens p, Node node, RawEvent into) throws RecordRejectedException {
        int index = 0;
        Token t;
        while ((t = p.next()) != Token.END_ARRAY) {
            readMember(p, node.element(index++), t, into);
        }
    }

    private void readMember(JsonTokens p, Node child, Token t, RawEvent into)
            throws RecordRejectedException {
        if (child == null) {
            p.skipValue(t);
            return;
        }
        if (child.field >= 0) {
            store(p, t, child.field, into);
        }
        if (t == Token.START_OBJECT && child.children.length > 0) {
            readObject(p, child, into);
        } else if (t == Token.START_ARRAY && child.children.length > 0) {
            readArray(p, child, into);
        } else {
            p.skipValue(t);
        }
    }

    private void store(JsonTokens p, Token t, int field, RawEvent into) throws RecordRejectedException {
        RawField f = fields.get(field);
        if (into.kinds[field] != RawEvent.Kind.ABSENT.ordinal()) {
            throw new RecordRejectedException(RejectReason.INVALID_RECORD, "field '" + f.name() + "' appears twice");
        }
        switch (t) {
            case NULL:
                into.set(field, RawEvent.Kind.NULL, 0);
                return;
            case NUMBER_INT:
            case NUMBER_FLOAT: {
                double v = p.doubleValue();
                if (!Double.isFinite(v)) {
                    throw new RecordRejectedException(RejectReason.NON_FINITE, "field '" + f.name() + "' is "
                            + JsonTokens.clip(p.text()));
                }
                if (f.numeric() && Math.abs(v) > limits.maxAbsValue()) {
                    throw new RecordRejectedException(RejectReason.TOO_LARGE, "field '" + f.name() + "' = "
                            + JsonTokens.clip(p.text()) + " is beyond the largest accepted magnitude " + limits.maxAbsValue());
                }
                into.set(field, RawEvent.Kind.NUMBER, v);
                into.appendText(field, p.input(), p.start(), p.end() - p.start());
                return;
            }
            case STRING:
            case TRUE:
            case FALSE:
                if (f.numeric()) {
                    throw wrongType(f, t);
                }
                into.set(field, t == Token.STRING ? RawEvent.Kind.STRING : RawEvent.Kind.BOOLEAN, 0);
                if (t == Token.STRING && p.escaped()) {
                    int n = p.textLength();
                    if (into.chars.length < n) {
                        into.chars = new char[Math.max(n, 2 * into.chars.length)];
                    }
                    p.textTo(into.chars);
                    into.appendChars(field, into.chars, n);
                } else {
                    into.appendText(field, p.input(), p.start(), p.end() - p.start());
                }
                return;
            default:
                throw wrongType(f, t);
        }
    }

    private static RecordRejectedException wrongType(RawField f, Token t) {
        return new RecordRejectedException(RejectReason.WRONG_TYPE, "field '" + f.name() + "' must be "
                + (f.numeric() ? "a number" : "a string, number or boolean") + ", got " + t.description());
    }




    /** A pointer token in the trie of the fields' pointers. */
    private static final class Node {
        final String token;
        final byte[] bytes;
        /** The array index the token names (RFC 6901: 0 or digits without a leading zero), else -1. */
        final int index;
        int field = -1;
        Node[] children = new Node[0];

        Node(String token) {
            this.token = token;
            this.bytes = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
            this.index = token != null && token.matches("0|[1-9][0-9]{0,8}") ? Integer.parseInt(token) : -1;
        }

        Node child(String t) {
            for (Node c : children) {
                if (c.token.equals(t)) {
                    return c;
                }
            }
            List<Node> grown = new ArrayList<>(Arrays.asList(children));
            Node c = new Node(t);
            grown.add(c);
            children = grown.toArray(new Node[0]);
            return c;
        }

        /** The child named by the current field name, or null; compared as bytes unless it has escapes. */
        Node find(JsonTokens p) {
            if (p.escaped()) {
                String name = p.text();
                for (Node c : children) {
                    if (c.token.equals(name)) {
                        return c;
                    }
                }
                return null;
            }
            byte[] in = p.input();
            for (Node c : children) {
                if (Arrays.equals(c.bytes, 0, c.bytes.length, in, p.start(), p.end())) {
                    return c;
                }
            }
            return null;
        }

        Node element(int i) {
            for (Node c : children) {
                if (c.index == i) {
                    return c;
                }
            }
            return null;
        }
    }
}
