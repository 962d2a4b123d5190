package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * TLS settings of the remote-write client. File names are strings, empty when not set, so that the
 * record stays serialisable; a validated configuration only names files that existed at start-up.
 *
 * @param caFile PEM file of the CA certificates to trust instead of the JVM defaults
 * @param certFile PEM client certificate for mutual TLS (together with {@code keyFile})
 * @param keyFile PEM private key of the client certificate
 * @param insecureSkipVerify skip server certificate and host name verification (testing only)
 */
public record TlsConfig(String caFile, String certFile, String keyFile, boolean insecureSkipVerify)
        implements Serializable {

    /** The JVM's default trust store, no client certificate, full verification. */
    public static final TlsConfig DEFAULT = new TlsConfig("", "", "", false);

    public TlsConfig {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /** Whether a client certificate is configured (a validated configuration has both files or neither). */
    public boolean hasClientCertificate() {
        return !certFile.isEmpty();
    }
}
