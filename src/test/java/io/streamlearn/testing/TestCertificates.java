package io.streamlearn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores for a TLS test, made when the test runs (none is committed) by the running
 * JDK's {@code keytool}: a broker identity ({@code CN=localhost}, SAN {@code localhost} and
 * {@code 127.0.0.1}, so that clients verify the host name) and a client identity
 * ({@code CN=streamlearn-client}), each a self-signed EC certificate valid for two days; each side's
 * trust store holds the other side's certificate. PKCS12 throughout; a store's key has the store's
 * password. The passwords are random, so that a test can look for them in logs.
 *
 * @param brokerKeyStore the broker's key and certificate
 * @param brokerTrustStore the client's certificate, which the broker trusts (mTLS)
 * @param clientKeyStore the client's key and certificate
 * @param clientTrustStore the broker's certificate, which clients trust
 */
public record TestCertificates(Path brokerKeyStore, Path brokerTrustStore, Path clientKeyStore,
                               Path clientTrustStore, String keyStorePassword, String trustStorePassword) {

    /** Makes the four stores in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir.resolve("broker.p12"), dir.resolve("broker-trust.p12"),
                dir.resolve("client.p12"), dir.resolve("client-trust.p12"),
                "key-" + UUID.randomUUID(), "trust-" + UUID.randomUUID());
        c.identity("broker", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", c.brokerKeyStore, c.clientTrustStore, dir);
        c.identity("client", "CN=streamlearn-client", null, c.clientKeyStore, c.brokerTrustStore, dir);
        return c;
    }

    /** A key pair with a self-signed certificate in {@code keyStore}, the certificate alone in {@code trustStore}. */
    private void identity(String alias, String name, String extension, Path keyStore, Path trustStore, Path dir)
            throws IOException, InterruptedException {
        List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", name, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", keyStorePassword));
        if (extension != null) {
            generate.addAll(List.of("-ext", extension));
        }
        keytool(generate);
        Path certificate = dir.resolve(alias + ".crt");
        keytool(List.of("-exportcert", "-alias", alias, "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", keyStorePassword, "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", trustStorePassword));
    }

    private static void keytool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Path output = Files.createTempFile("keytool", ".log");
        try {
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS)) {
                keytool.destroyForcibly();
                throw new IOException("keytool " + arguments.get(0) + " did not finish in 60 s");
            }
            if (keytool.exitValue() != 0) {
                throw new IOException("keytool " + arguments.get(0) + " failed: " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
