package io.driftwatch.devstack.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A self-signed certificate for {@code 127.0.0.1}/{@code localhost}, made at test time with the JDK's
 * {@code keytool}: a PKCS12 keystore holding its key and a PKCS12 truststore holding the certificate
 * alone, both under one random password. Nothing is checked in, nothing outlives its folder.
 *
 * @param keystore the server's key and certificate
 * @param truststore what clients trust: the certificate alone
 * @param password of both stores and of the key
 * @param subject the certificate's distinguished name, which is also the Kafka principal ({@code User:} +
 *     subject) of a peer authenticating with it
 */
public record SelfSignedTls(Path keystore, Path truststore, String password, String subject) {

    /** Writes {@code broker.keystore.p12}, {@code broker.crt} and {@code truststore.p12} into {@code dir}. */
    public static SelfSignedTls create(Path dir, String commonName) throws IOException {
        String password = UUID.randomUUID().toString();
        Path keystore = dir.resolve("broker.keystore.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        String subject = "CN=" + commonName;
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "7",
                "-dname",
                subject,
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                password);
        return new SelfSignedTls(keystore, truststore, password, subject);
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedTls[" + subject + ", " + keystore + "]";
    }
}
