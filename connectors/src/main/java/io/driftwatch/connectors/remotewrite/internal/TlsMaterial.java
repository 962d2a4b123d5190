package io.driftwatch.connectors.remotewrite.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS settings of the remote-write client. The PEM files are read when the sink is built, so a
 * missing or malformed file fails at job construction with its path in the message, and the
 * content travels with the job graph (TaskManagers need no copy of the files).
 *
 * <p>Supported: a CA bundle (one or more {@code CERTIFICATE} blocks) that replaces the JVM's default
 * trust store; a client certificate chain with an unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY},
 * RSA or EC) for mutual TLS; and, for tests only, skipping server certificate and host name
 * verification.
 */
public final class TlsMaterial implements Serializable {

    private static final long serialVersionUID = 1L;
    // protects only an in-memory key store that never leaves this JVM
    private static final char[] KEY_STORE_PASSWORD = "in-memory".toCharArray();

    private final String caPem;
    private final String clientCertPem;
    private final String clientKeyPem;
    private final boolean insecureSkipVerify;

    private TlsMaterial(String caPem, String clientCertPem, String clientKeyPem, boolean insecureSkipVerify) {
        this.caPem = caPem;
        this.clientCertPem = clientCertPem;
        this.clientKeyPem = clientKeyPem;
        this.insecureSkipVerify = insecureSkipVerify;
    }

    /**
     * Reads and validates the files; every argument but the flag may be {@code null}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or parsed, when only
     *     one of client certificate and key is given, or when a CA file is combined with
     *     insecure-skip-verify
     */
    public static TlsMaterial fromFiles(
            Path caFile, Path clientCertFile, Path clientKeyFile, boolean insecureSkipVerify) {
        if ((clientCertFile == null) != (clientKeyFile == null)) {
            throw new IllegalArgumentException("TLS client authentication needs both a certificate and a key file, got "
                    + (clientCertFile == null
                            ? "only the key " + clientKeyFile
                            : "only the certificate " + clientCertFile));
        }
        if (caFile != null && insecureSkipVerify) {
            throw new IllegalArgumentException(
                    "TLS: a CA file (" + caFile + ") and insecure-skip-verify contradict each other; set only one");
        }
        TlsMaterial config =
                new TlsMaterial(read(caFile), read(clientCertFile), read(clientKeyFile), insecureSkipVerify);
        try {
            if (config.caPem != null) {
                parseCertificates(config.caPem, caFile.toString());
            }
            if (config.clientCertPem != null) {
                parseCertificates(config.clientCertPem, clientCertFile.toString());
                parsePrivateKey(config.clientKeyPem, clientKeyFile.toString());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS: " + e.getMessage(), e);
        }
        return config;
    }

    private static String read(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS: cannot read PEM file " + file + ": " + e, e);
        }
    }

    public boolean insecureSkipVerify() {
        return insecureSkipVerify;
    }

    /** Builds the client's SSL context. */
    public SSLContext createSslContext() throws GeneralSecurityException {
        TrustManager[] trustManagers = null; // null = the JVM default trust store
        if (insecureSkipVerify) {
            trustManagers = new TrustManager[] {new TrustAllManager()};
        } else if (caPem != null) {
            KeyStore trustStore = emptyKeyStore();
            int i = 0;
            for (X509Certificate cert : parseCertificates(caPem, "CA file")) {
                trustStore.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            trustManagers = tmf.getTrustManagers();
        }
        KeyManager[] keyManagers = null;
        if (clientCertPem != null) {
            KeyStore keyStore = emptyKeyStore();
            List<X509Certificate> chain = parseCertificates(clientCertPem, "client certificate file");
            keyStore.setKeyEntry(
                    "client",
                    parsePrivateKey(clientKeyPem, "client key file"),
                    KEY_STORE_PASSWORD,
                    chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, KEY_STORE_PASSWORD);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    static List<X509Certificate> parseCertificates(String pem, String source) throws GeneralSecurityException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no PEM CERTIFICATE block in " + source);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate c : certs) {
            result.add((X509Certificate) c);
        }
        return result;
    }

    static PrivateKey parsePrivateKey(String pem, String source) throws GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            String hint = pem.contains("BEGIN RSA PRIVATE KEY")
                            || pem.contains("BEGIN EC PRIVATE KEY")
                            || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")
                    ? " (convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`)"
                    : "";
            throw new GeneralSecurityException("no unencrypted PKCS#8 '" + begin + "' block in " + source + hint);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed base64 in the private key of " + source, e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("the private key in " + source + " is neither RSA nor EC");
    }

    /** Accepts every server certificate and host name: for tests against self-signed servers only. */
    private static final class TrustAllManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
