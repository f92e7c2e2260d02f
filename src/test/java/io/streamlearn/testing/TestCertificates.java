package io.streamlearn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the running JDK's
 * {@code keytool} in a test's folder (none is committed): a PKCS12 keystore with its key, and a
 * PKCS12 truststore with the certificate alone, both with {@link #PASSWORD}.
 */
public record TestCertificates(Path keystore, Path truststore) {

    public static final String PASSWORD = "test-store-password";

    /** Makes the keystore and the truststore in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("http-keystore.p12");
        Path certificate = dir.resolve("http-certificate.der");
        Path truststore = dir.resolve("http-truststore.p12");
        keytool("-genkeypair", "-alias", "streamlearn", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "streamlearn", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "streamlearn", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
        return new TestCertificates(keystore, truststore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
