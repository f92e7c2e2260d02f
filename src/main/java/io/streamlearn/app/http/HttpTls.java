package io.streamlearn.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS for the HTTP server and for the requests it forwards to the other instances: the server's
 * key and certificate from a PKCS12 keystore; the certificates it trusts when it forwards from a
 * PKCS12 truststore, or the JDK's default trust (its {@code cacerts}) when none is given. A
 * forwarded request checks that the other instance's certificate names its advertised host.
 */
public final class HttpTls {

    private final SSLContext server;
    private final SSLContext client;

    private HttpTls(SSLContext server, SSLContext client) {
        this.server = server;
        this.client = client;
    }

    /**
     * A PKCS12 file and its password, with the flag that named it and the variable that gave the
     * password, for the messages.
     *
     * @param password null when the variable is not set
     */
    public record StoreFile(Path file, char[] password, String flag, String passwordVariable) {

        String name() {
            return flag + " " + file;
        }
    }

    /**
     * Loads the keystore and the truststore (null: the JDK's default trust).
     *
     * @throws HttpSettingsException when a file is missing or unreadable, not PKCS12, its password is
     *     not set or wrong, or the keystore holds no key
     */
    public static HttpTls load(StoreFile keystore, StoreFile truststore) throws HttpSettingsException {
        KeyStore keys = open(keystore);
        try {
            if (Collections.list(keys.aliases()).stream().noneMatch(a -> isKey(keys, a))) {
                throw new HttpSettingsException(keystore.name() + ": holds no private key and certificate");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keystore.password());
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
            SSLContext client;
            if (truststore == null) {
                client = SSLContext.getDefault();
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(open(truststore));
                client = SSLContext.getInstance("TLS");
                client.init(null, tmf.getTrustManagers(), null);
            }
            return new HttpTls(server, client);
        } catch (UnrecoverableKeyException e) {
            throw new HttpSettingsException(keystore.name() + ": its key cannot be read with the password in "
                    + keystore.passwordVariable());
        } catch (GeneralSecurityException e) {
            throw new HttpSettingsException(keystore.name() + ": cannot be used (" + e.getMessage() + ")");
        }
    }

    private static boolean isKey(KeyStore keys, String alias) {
        try {
            return keys.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore open(StoreFile store) throws HttpSettingsException {
        if (store.password() == null) {
            throw new HttpSettingsException(store.name() + ": set its password in " + store.passwordVariable());
        }
        try (InputStream in = Files.newInputStream(store.file())) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, store.password());
            return keys;
        } catch (NoSuchFileException e) {
            throw new HttpSettingsException(store.name() + ": no such file");
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException
            throw new HttpSettingsException(store.name() + (e.getCause() instanceof UnrecoverableKeyException
                    ? ": wrong password (" + store.passwordVariable() + ")"
                    : ": not a PKCS12 keystore, or unreadable (" + e.getMessage() + ")"));
        } catch (GeneralSecurityException e) {
            throw new HttpSettingsException(store.name() + ": cannot be used (" + e.getMessage() + ")");
        }
    }

    SSLContext server() {
        return server;
    }

    SSLContext client() {
        return client;
    }
}
