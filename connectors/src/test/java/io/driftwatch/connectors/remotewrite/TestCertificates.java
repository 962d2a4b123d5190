package io.driftwatch.connectors.remotewrite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed EC certificates for TLS tests, made with the JDK's {@code keytool}. */
public final class TestCertificates {

    public static final char[] PASSWORD = "changeit".toCharArray();

    /** A PKCS#12 key store with one key entry "main", and the same certificate and key as PEM files. */
    public record Material(Path keyStore, Path certificatePem, Path privateKeyPem) {

        public KeyStore load() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, PASSWORD);
            }
            return ks;
        }
    }

    private TestCertificates() {}

    /** A certificate for CN=localhost valid for 127.0.0.1 and localhost, in {@code dir}. */
    public static Material selfSigned(Path dir) throws Exception {
        return selfSigned(dir, "server");
    }

    public static Material selfSigned(Path dir, String name) throws Exception {
        Path keyStore = dir.resolve(name + ".p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "main",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-keystore",
                        keyStore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        Material material = new Material(keyStore, dir.resolve(name + "-cert.pem"), dir.resolve(name + "-key.pem"));
        KeyStore ks = material.load();
        Certificate cert = ks.getCertificate("main");
        PrivateKey key = (PrivateKey) ks.getKey("main", PASSWORD);
        Files.writeString(material.certificatePem(), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(material.privateKeyPem(), pem("PRIVATE KEY", key.getEncoded()));
        return material;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return String.join("\n", List.of("-----BEGIN " + type + "-----", body, "-----END " + type + "-----", ""));
    }
}
