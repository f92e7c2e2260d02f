package io.streamlearn.encode;

import io.streamlearn.record.RawEvent;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a raw event's fields into a sparse {@link FeatureVector} of the layout's width
 * (docs/DESIGN.md, "Raw events"), learning its state online: each one-hot field's vocabulary, each
 * numeric field's mean of the values seen (for {@code missing: mean}), and the hashed-name
 * dictionary. {@link EncoderStateCodec} stores that state.
 *
 * <ul>
 *   <li>numeric: {@code sign(v)·log(1 + |v|)} with {@code transform: log1p}; null or absent is the
 *       running mean of the (transformed) values seen before, or 0, and sets {@code <field>:missing};
 *   <li>categorical: the value's text ({@code <field>=<value>}; null or absent {@code <field>=<missing>});
 *       one-hot in first-seen order, later values {@code <field>=<other>} once the vocabulary is
 *       full; or hashed: column {@code |murmur3_32(utf8("<field>=<value>"), 0)| mod hash};
 *   <li>text: the runs of letters and digits ({@code Character.isLetterOrDigit}, lower-cased with
 *       {@code Character.toLowerCase}), each {@code <field>=<token>} hashed, a repeated token counted;
 *   <li>interaction: {@code <a>=<x>^<b>=<y>} hashed (a missing category is {@code <missing>}, a value
 *       beyond a vocabulary its own text); a numeric member is written {@code <a>} and its value
 *       (after transform and imputation) multiplies the feature's 1.
 * </ul>
 * A value of exactly 0 is not stored. Nothing is allocated per event once the buffers have grown,
 * except for a value never seen before (its vocabulary entry, its hashed-name entry).
 *
 * <p>Not thread-safe: one per pipeline state (one per key with {@code scope: key}).
 */
public final class EventEncoder {

    private static final byte[] MISSING = "<missing>".getBytes(StandardCharsets.UTF_8);
    private static final byte CROSS = '^';

    final EventLayout layout;
    private final FeatureField[] features;
    private final int[] offsets;
    /** Per feature: its field's index in the event (-1 for an interaction). */
    private final int[] field;
    /** Per feature: the UTF-8 of {@code <name>=} ({@code <name>} for a numeric field). */
    private final byte[][] prefix;
    /** Per interaction feature: the features of its two members. */
    private final int[] memberA;
    private final int[] memberB;
    /** Per one-hot categorical feature: its vocabulary (null otherwise). */
    final Vocabulary[] vocabularies;
    /** Per numeric feature: values seen and their running mean. */
    final long[] seen;
    final double[] mean;
    /** Per numeric or categorical feature: events where it was null or absent (learning only). */
    final long[] missing;
    final HashedNames hashedNames = new HashedNames();
    /** Per feature, this event: a numeric value (after transform and imputation). */
    private final double[] value;
    private byte[] scratch = new byte[256];

    public EventEncoder(EventLayout layout) {
        this.layout = layout;
        int n = layout.features().size();
        features = layout.features().toArray(new FeatureField[0]);
        offsets = new int[n];
        field = new int[n];
        prefix = new byte[n][];
        memberA = new int[n];
        memberB = new int[n];
        vocabularies = new Vocabulary[n];
        seen = new long[n];
        mean = new double[n];
        missing = new long[n];
        value = new double[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = layout.offset(i);
            FeatureField f = features[i];
            field[i] = -1;
            if (f instanceof FeatureField.Numeric x) {
                field[i] = layout.fieldIndex(x.field());
                prefix[i] = x.field().name().getBytes(StandardCharsets.UTF_8);
            } else if (f instanceof FeatureField.Categorical x) {
                field[i] = layout.fieldIndex(x.field());
                prefix[i] = (x.field().name() + "=").getBytes(StandardCharsets.UTF_8);
                vocabularies[i] = x.hashed() ? null : new Vocabulary(x.maxCategories());
            } else if (f instanceof FeatureField.Text x) {
                field[i] = layout.fieldIndex(x.field());
                prefix[i] = (x.field().name() + "=").getBytes(StandardCharsets.UTF_8);
            } else if (f instanceof FeatureField.Interaction x) {
                memberA[i] = layout.features().indexOf(layout.featureOf(x.a()));
                memberB[i] = layout.features().indexOf(layout.featureOf(x.b()));
            }
        }
    }

    public EventLayout layout() {
        return layout;
    }

    /** A vector for {@link #encode}: sparse, of the layout's width. */
    public FeatureVector newVector() {
        return FeatureVector.sparse(layout.width(), 64);
    }

    /**
     * Fills {@code out} (cleared first, finished after) with the event's features.
     *
     * @param event read by a {@code RawEventReader} over {@link EventLayout#rawFields()} (first)
     * @param learn whether the event updates the state (vocabularies, means, counts, names); a
     *     prediction that must not change anything passes false: a new value then has no column
     *     (its future column's weight is 0 anyway) and the means stay
     */
    public void encode(RawEvent event, FeatureVector out, boolean learn) {
        out.clear();
        for (int i = 0; i < features.length; i++) {
            FeatureField f = features[i];
            if (f instanceof FeatureField.Numeric x) {
                numeric(i, x, event, out, learn);
            } else if (f instanceof FeatureField.Categorical x) {
                categorical(i, x, event, out, learn);
            } else if (f instanceof FeatureField.Text x) {
                text(i, x, event, out, learn);
            }
        }
        for (int i = 0; i < features.length; i++) {
            if (features[i] instanceof FeatureField.Interaction x) {
                interaction(i, x, event, out, learn);
            }
        }
        out.finish();
    }

    private void numeric(int i, FeatureField.Numeric x, RawEvent event, FeatureVector out, boolean learn) {
        int f = field[i];
        double v;
        if (event.missing(f)) {
            v = x.missing() == FeatureField.Missing.MEAN ? mean[i] : 0.0;
            out.add(offsets[i] + 1, 1.0);
            if (learn) {
                missing[i]++;
            }
        } else {
            v = event.number(f);
            if (x.transform() == FeatureField.Transform.LOG1P) {
                v = Math.signum(v) * Math.log1p(Math.abs(v)); // sign(v)·log(1 + |v|)
            }
            if (learn) {
                seen[i]++;
                mean[i] += (v - mean[i]) / seen[i]; // running mean, Welford's update
            }
        }
        value[i] = v;
        if (v != 0.0) {
            out.add(offsets[i], v);
        }
    }

    private void categorical(int i, FeatureField.Categorical x, RawEvent event, FeatureVector out, boolean learn) {
        int f = field[i];
        boolean absent = event.missing(f);
        if (absent && learn) {
            missing[i]++;
        }
        if (!x.hashed()) {
            int max = x.maxCategories();
            if (absent) {
                out.add(offsets[i] + max + 1, 1.0);
                return;
            }
            int k = vocabularies[i].indexOf(event.textBytes(), event.textStart(f), event.textLength(f), learn);
            if (k >= 0) {
                out.add(offsets[i] + k, 1.0);
            } else if (k == Vocabulary.OTHER) {
                out.add(offsets[i] + max, 1.0);
            }
            return;
        }
        int n = put(0, prefix[i]);
        n = absent ? put(n, MISSING) : put(n, event.textBytes(), event.textStart(f), event.textLength(f));
        hashed(i, x.hash(), n, 1.0, out, learn);
    }

    private void text(int i, FeatureField.Text x, RawEvent event, FeatureVector out, boolean learn) {
        int f = field[i];
        if (event.missing(f)) {
            return;
        }
        byte[] t = event.textBytes();
        int p = event.textStart(f);
        int end = p + event.textLength(f);
        int start = put(0, prefix[i]);
        int n = start;
        while (p < end) {
            int b0 = t[p] & 0xff;
            int cp;
            if (b0 < 0x80) {
                cp = b0;
                p += 1;
            } else if (b0 < 0xe0) {
                cp = (b0 & 0x1f) << 6 | t[p + 1] & 0x3f;
                p += 2;
            } else if (b0 < 0xf0) {
                cp = (b0 & 0x0f) << 12 | (t[p + 1] & 0x3f) << 6 | t[p + 2] & 0x3f;
                p += 3;
            } else {
                cp = (b0 & 0x07) << 18 | (t[p + 1] & 0x3f) << 12 | (t[p + 2] & 0x3f) << 6 | t[p + 3] & 0x3f;
                p += 4;
            }
            if (Character.isLetterOrDigit(cp)) {
                n = putCodePoint(n, Character.toLowerCase(cp));
            } else if (n > start) {
                hashed(i, x.hash(), n, 1.0, out, learn);
                n = start;
            }
        }
        if (n > start) {
            hashed(i, x.hash(), n, 1.0, out, learn);
        }
    }

    private void interaction(int i, FeatureField.Interaction x, RawEvent event, FeatureVector out, boolean learn) {
        double v = 1.0;
        int n = 0;
        for (int side = 0; side < 2; side++) {
            int m = side == 0 ? memberA[i] : memberB[i];
            if (side == 1) {
                n = put(n, CROSS);
            }
            n = put(n, prefix[m]);
            if (features[m] instanceof FeatureField.Numeric) {
                v *= value[m];
            } else {
                int f = field[m];
                n = event.missing(f) ? put(n, MISSING) : put(n, event.textBytes(), event.textStart(f), event.textLength(f));
            }
        }
        if (v != 0.0) {
            hashed(i, x.hash(), n, v, out, learn);
        }
    }

    /** Adds {@code v} at the hashed column of {@code scratch[0, n)} in feature i's block, noting its name. */
    private void hashed(int i, int columns, int n, double v, FeatureVector out, boolean learn) {
        int column = offsets[i] + MurmurHash3.column(MurmurHash3.hash32(scratch, 0, n, 0), columns);
        out.add(column, v);
        if (learn) {
            hashedNames.note(column, scratch, 0, n);
        }
    }

    private int put(int at, byte b) {
        grow(at + 1);
        scratch[at] = b;
        return at + 1;
    }

    private int put(int at, byte[] bytes) {
        return put(at, bytes, 0, bytes.length);
    }

    private int put(int at, byte[] bytes, int from, int length) {
        grow(at + length);
        System.arraycopy(bytes, from, scratch, at, length);
        return at + length;
    }

    private int putCodePoint(int at, int cp) {
        grow(at + 4);
        if (cp < 0x80) {
            scratch[at++] = (byte) cp;
        } else if (cp < 0x800) {
            scratch[at++] = (byte) (0xc0 | cp >>> 6);
            scratch[at++] = (byte) (0x80 | cp & 0x3f);
        } else if (cp < 0x10000) {
            scratch[at++] = (byte) (0xe0 | cp >>> 12);
            scratch[at++] = (byte) (0x80 | cp >>> 6 & 0x3f);
            scratch[at++] = (byte) (0x80 | cp & 0x3f);
        } else {
            scratch[at++] = (byte) (0xf0 | cp >>> 18);
            scratch[at++] = (byte) (0x80 | cp >>> 12 & 0x3f);
            scratch[at++] = (byte) (0x80 | cp >>> 6 & 0x3f);
            scratch[at++] = (byte) (0x80 | cp & 0x3f);
        }
        return at;
    }

    private void grow(int size) {
        if (size > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(size, 2 * scratch.length));
        }
    }

    // ---- the model view

    /**
     * The name of a column: {@code amount}, {@code amount:missing}, {@code country=DE},
     * {@code country=<other>}, {@code country=<missing>}, {@code country=<unused>} (a vocabulary
     * slot not yet taken); a hashed column {@code <block>#<k>} ({@code merchant_id#17},
     * {@code country^device/os#90210}), whose features are {@link #hashedFeatures}.
     */
    public String columnName(int column) {
        if (column < 0 || column >= layout.width()) {
            throw new IndexOutOfBoundsException("column " + column + " outside [0, " + layout.width() + ")");
        }
        int i = featureAt(column);
        int k = column - offsets[i];
        FeatureField f = features[i];
        if (f instanceof FeatureField.Numeric x) {
            return k == 0 ? x.field().name() : x.field().name() + ":missing";
        }
        if (f instanceof FeatureField.Categorical x && !x.hashed()) {
            Vocabulary v = vocabularies[i];
            String at = k < v.size() ? v.text(k) : k == x.maxCategories() ? "<other>"
                    : k == x.maxCategories() + 1 ? "<missing>" : "<unused>";
            return x.field().name() + "=" + at;
        }
        String block = f instanceof FeatureField.Categorical x ? x.field().name()
                : f instanceof FeatureField.Text x ? x.field().name()
                : ((FeatureField.Interaction) f).a().name() + "^" + ((FeatureField.Interaction) f).b().name();
        return block + "#" + k;
    }

    /** The features seen in a hashed column (at most 8, first seen first); empty for other columns. */
    public List<String> hashedFeatures(int column) {
        return hashedNames.namesIn(column);
    }

    /** Values in a one-hot feature's vocabulary (0 for other features). */
    public int vocabularySize(int feature) {
        return vocabularies[feature] == null ? 0 : vocabularies[feature].size();
    }

    /** Learned events whose value of feature i was null or absent. */
    public long missingCount(int feature) {
        return missing[feature];
    }

    /** Learned events whose value of one-hot feature i fell in {@code <other>}. */
    public long otherCount(int feature) {
        return vocabularies[feature] == null ? 0 : vocabularies[feature].other;
    }

    /** The feature whose block holds {@code column}: offsets increase strictly (every block has a column). */
    private int featureAt(int column) {
        int k = Arrays.binarySearch(offsets, column);
        return k >= 0 ? k : -k - 2;
    }
}
