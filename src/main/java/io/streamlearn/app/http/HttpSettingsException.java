package io.streamlearn.app.http;

/**
 * A user's mistake in the HTTP server's settings (a token file or keystore that cannot be used):
 * the message is one line that names the file and the flag or variable that fixes it.
 */
public final class HttpSettingsException extends Exception {

    public HttpSettingsException(String message) {
        super(message);
    }
}
