package io.driftwatch.connectors.remotewrite.internal;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated, serialisable settings of the remote-write HTTP client, assembled by {@code
 * PrometheusRemoteWriteSinkBuilder}.
 */
public final class RemoteWriteClientConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final URI endpoint;
    private final String authorizationHeader;
    private final TlsMaterial tls;
    private final Duration requestTimeout;
    private final RetryBackoff backoff;
    private final Duration maxRetryDuration;
    private final String userAgent;

    /**
     * @param authorizationHeader the complete {@code Authorization} header value, or {@code null}
     * @param tls TLS settings for https endpoints, or {@code null} for the JVM defaults
     * @param requestTimeout limit of one HTTP attempt, connection set-up included
     * @param maxRetryDuration how long transient failures of one request are retried, measured from
     *     its first attempt; when it is over the request fails for good
     */
    public RemoteWriteClientConfig(
            URI endpoint,
            String authorizationHeader,
            TlsMaterial tls,
            Duration requestTimeout,
            RetryBackoff backoff,
            Duration maxRetryDuration,
            String userAgent) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.authorizationHeader = authorizationHeader;
        this.tls = tls;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.maxRetryDuration = Objects.requireNonNull(maxRetryDuration, "maxRetryDuration");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The {@code Authorization} header value, or {@code null}. */
    public String authorizationHeader() {
        return authorizationHeader;
    }

    /** TLS settings, or {@code null} for the JVM's defaults. */
    public TlsMaterial tls() {
        return tls;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public RetryBackoff backoff() {
        return backoff;
    }

    public Duration maxRetryDuration() {
        return maxRetryDuration;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Credentials are masked. */
    @Override
    public String toString() {
        return "RemoteWriteClientConfig{endpoint=" + endpoint
                + ", authorization="
                + (authorizationHeader == null ? "none" : authorizationHeader.split(" ", 2)[0] + " ***")
                + ", tls=" + (tls == null ? "default" : tls.insecureSkipVerify() ? "insecure-skip-verify" : "custom")
                + ", requestTimeout=" + requestTimeout + ", backoff=" + backoff
                + ", maxRetryDuration=" + maxRetryDuration + '}';
    }
}
