package io.streamlearn.app.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The shared secret of the HTTP server (RFC 6750): a request is let in when it carries
 * {@code Authorization: Bearer <token>}. The scheme is matched case-insensitively (RFC 7235 §2.1:
 * "bearer" is "Bearer"); the token exactly, in constant time ({@link MessageDigest#isEqual}, whose
 * time depends on the length of what the client sent, never on the secret). The token never leaves
 * this object but in {@link #authorization()}, the header of a forwarded request: {@link #toString}
 * does not show it.
 */
public final class BearerToken {

    /** The scheme of the {@code Authorization} and {@code WWW-Authenticate} headers. */
    static final String SCHEME = "Bearer";

    private final byte[] token;

    private BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A token given as it is (from {@code STREAMLEARN_HTTP_TOKEN}); leading and trailing whitespace
     * is dropped.
     *
     * @throws HttpSettingsException when it is empty or has whitespace inside
     */
    public static BearerToken of(String token, String source) throws HttpSettingsException {
        String t = token.strip();
        if (t.isEmpty()) {
            throw new HttpSettingsException(source + " is empty: the HTTP token must be at least one character");
        }
        if (!t.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new HttpSettingsException(source + ": the HTTP token must be printable ASCII without spaces");
        }
        return new BearerToken(t);
    }

    /**
     * The token in {@code file} (its one line; a final newline is dropped).
     *
     * @param flag the flag that named the file, for the message
     * @throws HttpSettingsException when the file is missing, unreadable or empty
     */
    public static BearerToken read(Path file, String flag) throws HttpSettingsException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new HttpSettingsException(flag + " " + file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new HttpSettingsException(flag + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        return of(content, flag + " " + file);
    }

    /** Whether an {@code Authorization} header value (null when absent) carries this token. */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT)
                .equals(SCHEME.toLowerCase(Locale.ROOT))) {
            return false;
        }
        byte[] presented = authorization.substring(space + 1).stripLeading().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }

    /** The {@code Authorization} header value that carries this token, for a request to another instance. */
    String authorization() {
        return SCHEME + " " + new String(token, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
