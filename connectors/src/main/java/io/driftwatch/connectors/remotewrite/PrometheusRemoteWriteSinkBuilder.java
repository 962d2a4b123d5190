package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.remotewrite.internal.RemoteWriteClientConfig;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteElementConverter;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteEntry;
import io.driftwatch.connectors.remotewrite.internal.RetryBackoff;
import io.driftwatch.connectors.remotewrite.internal.SeriesLabelsFactory;
import io.driftwatch.connectors.remotewrite.internal.TlsMaterial;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.connector.base.sink.AsyncSinkBaseBuilder;

/**
 * Builds a {@link PrometheusRemoteWriteSink}; obtain it from {@link
 * PrometheusRemoteWriteSink#builder()}. Only the endpoint is required. Setters validate their own
 * argument; {@link #build()} validates combinations. Defaults:
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@code setMaxBatchSize} (samples per request)</td><td>{@value #DEFAULT_MAX_BATCH_SIZE}</td></tr>
 *   <tr><td>{@code setMaxBatchSizeInBytes} (estimated uncompressed protobuf)</td><td>4 MiB</td></tr>
 *   <tr><td>{@code setMaxInFlightRequests}</td><td>{@value #DEFAULT_MAX_IN_FLIGHT_REQUESTS}</td></tr>
 *   <tr><td>{@code setMaxBufferedRequests} (samples; writes block beyond)</td><td>{@value #DEFAULT_MAX_BUFFERED_REQUESTS}, at least 2 × max batch size</td></tr>
 *   <tr><td>{@code setMaxTimeInBufferMS}</td><td>{@value #DEFAULT_MAX_TIME_IN_BUFFER_MS} ms</td></tr>
 *   <tr><td>{@code setMaxRecordSizeInBytes} (one sample)</td><td>the batch byte limit</td></tr>
 *   <tr><td>{@link #setRequestTimeout}</td><td>30 s</td></tr>
 *   <tr><td>{@link #setRetryBackoff}</td><td>100 ms doubling up to 10 s, with jitter</td></tr>
 *   <tr><td>{@link #setMaxRetryDuration}</td><td>5 min</td></tr>
 *   <tr><td>{@link #setFailureHandler}</td><td>{@link LoggingFailureHandler}</td></tr>
 *   <tr><td>{@link #setFlushOnCheckpoint}</td><td>true</td></tr>
 * </table>
 */
public final class PrometheusRemoteWriteSinkBuilder
        extends AsyncSinkBaseBuilder<PrometheusSample, RemoteWriteEntry, PrometheusRemoteWriteSinkBuilder> {

    public static final int DEFAULT_MAX_BATCH_SIZE = 5_000;
    public static final long DEFAULT_MAX_BATCH_SIZE_IN_BYTES = 4L << 20;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 4;
    public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 50_000;
    public static final long DEFAULT_MAX_TIME_IN_BUFFER_MS = 1_000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(5);
    public static final String USER_AGENT = "driftwatch-remote-write/0.1.0";

    private URI endpoint;
    private Map<String, String> extraLabels = Map.of();
    private String basicAuthUser;
    private String basicAuthPassword;
    private String bearerToken;
    private Path tlsCaFile;
    private Path tlsClientCertFile;
    private Path tlsClientKeyFile;
    private boolean tlsInsecureSkipVerify;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private boolean backoffJitter = true;
    private Duration maxRetryDuration = DEFAULT_MAX_RETRY_DURATION;
    private RemoteWriteFailureHandler failureHandler = new LoggingFailureHandler();
    private boolean flushOnCheckpoint = true;

    PrometheusRemoteWriteSinkBuilder() {}

    /**
     * The remote-write URL, e.g. {@code http://localhost:8428/api/v1/write}.
     *
     * @throws IllegalArgumentException unless it is an absolute http(s) URL with a host and without
     *     user info (use {@link #setBasicAuth}) or fragment
     */
    public PrometheusRemoteWriteSinkBuilder setEndpoint(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "remote-write endpoint '" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(
                    "remote-write endpoint '" + url + "' must be an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("remote-write endpoint '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "remote-write endpoint must not carry credentials in the URL; use setBasicAuth(user, password)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("remote-write endpoint '" + url + "' must not have a #fragment");
        }
        this.endpoint = uri;
        return this;
    }

    /**
     * Labels added to every series that does not already have a label of that name (like
     * Prometheus' {@code external_labels}: they never override series labels). Names must be valid
     * Prometheus label names other than {@code __name__}; values non-empty.
     */
    public PrometheusRemoteWriteSinkBuilder setExtraLabels(Map<String, String> extraLabels) {
        SeriesLabelsFactory.withExtraLabels(extraLabels); // validates
        this.extraLabels = new LinkedHashMap<>(extraLabels);
        return this;
    }

    /** HTTP basic authentication; excludes {@link #setBearerToken}. The password may be empty. */
    public PrometheusRemoteWriteSinkBuilder setBasicAuth(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("basic auth username must be non-empty and contain no ':'");
        }
        this.basicAuthUser = username;
        this.basicAuthPassword = password;
        return this;
    }

    /** {@code Authorization: Bearer <token>}; excludes {@link #setBasicAuth}. */
    public PrometheusRemoteWriteSinkBuilder setBearerToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException(
                    "bearer token must be non-empty and contain no whitespace or control characters");
        }
        this.bearerToken = token;
        return this;
    }

    /** PEM file of the CA certificate(s) trusted for https instead of the JVM's trust store; read at {@link #build()}. */
    public PrometheusRemoteWriteSinkBuilder setTlsCaFile(Path caPemFile) {
        this.tlsCaFile = Objects.requireNonNull(caPemFile, "caPemFile");
        return this;
    }

    /** Client certificate chain (PEM) and its unencrypted PKCS#8 key (PEM) for mutual TLS; read at {@link #build()}. */
    public PrometheusRemoteWriteSinkBuilder setTlsClientCertificate(Path certPemFile, Path keyPemFile) {
        this.tlsClientCertFile = Objects.requireNonNull(certPemFile, "certPemFile");
        this.tlsClientKeyFile = Objects.requireNonNull(keyPemFile, "keyPemFile");
        return this;
    }

    /** Accept any server certificate and host name. For tests with self-signed servers only. */
    public PrometheusRemoteWriteSinkBuilder setTlsInsecureSkipVerify(boolean insecureSkipVerify) {
        this.tlsInsecureSkipVerify = insecureSkipVerify;
        return this;
    }

    /** Limit of one HTTP attempt, connecting included. */
    public PrometheusRemoteWriteSinkBuilder setRequestTimeout(Duration timeout) {
        this.requestTimeout = requirePositive(timeout, "request timeout");
        return this;
    }

    /** Backoff between retries: {@code initial}, doubling per retry, capped at {@code max}. */
    public PrometheusRemoteWriteSinkBuilder setRetryBackoff(Duration initial, Duration max) {
        this.initialBackoff = requirePositive(initial, "initial retry backoff");
        this.maxBackoff = requirePositive(max, "max retry backoff");
        return this;
    }

    /** With jitter (default) each backoff is drawn uniformly from [delay/2, delay]. */
    public PrometheusRemoteWriteSinkBuilder setRetryJitter(boolean jitter) {
        this.backoffJitter = jitter;
        return this;
    }

    /**
     * How long transient failures (5xx, 429, I/O errors) of one request are retried, counted from
     * its first attempt. When it is used up the job fails with a {@link RemoteWriteException} naming
     * the endpoint. Zero disables retries.
     */
    public PrometheusRemoteWriteSinkBuilder setMaxRetryDuration(Duration maxRetryDuration) {
        Objects.requireNonNull(maxRetryDuration, "maxRetryDuration");
        if (maxRetryDuration.isNegative()) {
            throw new IllegalArgumentException("max retry duration must not be negative, got " + maxRetryDuration);
        }
        this.maxRetryDuration = maxRetryDuration;
        return this;
    }

    /** Receives samples rejected with a non-retryable status; default {@link LoggingFailureHandler}. */
    public PrometheusRemoteWriteSinkBuilder setFailureHandler(RemoteWriteFailureHandler failureHandler) {
        this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
        return this;
    }

    /** Shorthand for a {@link KafkaDeadLetterFailureHandler} writing rejected samples to {@code topic}. */
    public PrometheusRemoteWriteSinkBuilder setDeadLetterKafka(String bootstrapServers, String topic) {
        return setFailureHandler(KafkaDeadLetterFailureHandler.of(bootstrapServers, topic));
    }

    /**
     * Whether a checkpoint sends the buffered samples (default) or, as Flink's async sinks do by
     * default, only waits for in-flight requests and stores the buffer in the checkpoint.
     */
    public PrometheusRemoteWriteSinkBuilder setFlushOnCheckpoint(boolean flushOnCheckpoint) {
        this.flushOnCheckpoint = flushOnCheckpoint;
        return this;
    }

    /**
     * @throws IllegalStateException when the endpoint is missing, both basic auth and a bearer
     *     token are set, or batching bounds contradict each other
     * @throws IllegalArgumentException when a TLS file cannot be read or parsed
     */
    @Override
    public PrometheusRemoteWriteSink build() {
        if (endpoint == null) {
            throw new IllegalStateException(
                    "remote-write endpoint is required: call setEndpoint(\"http://host:8428/api/v1/write\")");
        }
        if (basicAuthUser != null && bearerToken != null) {
            throw new IllegalStateException("basic auth and bearer token are mutually exclusive for remote write to "
                    + endpoint + "; set only one");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalStateException(
                    "max retry backoff " + maxBackoff + " is below the initial retry backoff " + initialBackoff);
        }
        int maxBatchSize = positive(getMaxBatchSize(), DEFAULT_MAX_BATCH_SIZE, "maxBatchSize");
        int maxInFlight = positive(getMaxInFlightRequests(), DEFAULT_MAX_IN_FLIGHT_REQUESTS, "maxInFlightRequests");
        int maxBuffered = positive(
                getMaxBufferedRequests(),
                Math.max(DEFAULT_MAX_BUFFERED_REQUESTS, 2 * maxBatchSize),
                "maxBufferedRequests");
        long maxBatchBytes = positive(getMaxBatchSizeInBytes(), DEFAULT_MAX_BATCH_SIZE_IN_BYTES, "maxBatchSizeInBytes");
        long maxTimeInBuffer = positive(getMaxTimeInBufferMS(), DEFAULT_MAX_TIME_IN_BUFFER_MS, "maxTimeInBufferMS");
        long maxRecordBytes = positive(getMaxRecordSizeInBytes(), maxBatchBytes, "maxRecordSizeInBytes");
        if (maxBuffered <= maxBatchSize) {
            throw new IllegalStateException("maxBufferedRequests (" + maxBuffered
                    + ") must be greater than maxBatchSize (" + maxBatchSize + ")");
        }
        if (maxRecordBytes > maxBatchBytes) {
            throw new IllegalStateException("maxRecordSizeInBytes (" + maxRecordBytes
                    + ") must not exceed maxBatchSizeInBytes (" + maxBatchBytes + ")");
        }
        TlsMaterial tls = null;
        if (tlsCaFile != null || tlsClientCertFile != null || tlsInsecureSkipVerify) {
            tls = TlsMaterial.fromFiles(tlsCaFile, tlsClientCertFile, tlsClientKeyFile, tlsInsecureSkipVerify);
        }
        RemoteWriteClientConfig clientConfig = new RemoteWriteClientConfig(
                endpoint,
                authorizationHeader(),
                tls,
                requestTimeout,
                new RetryBackoff(initialBackoff, maxBackoff, backoffJitter),
                maxRetryDuration,
                USER_AGENT);
        return new PrometheusRemoteWriteSink(
                new RemoteWriteElementConverter(SeriesLabelsFactory.withExtraLabels(extraLabels)),
                maxBatchSize,
                maxInFlight,
                maxBuffered,
                maxBatchBytes,
                maxTimeInBuffer,
                maxRecordBytes,
                clientConfig,
                failureHandler,
                flushOnCheckpoint);
    }

    private String authorizationHeader() {
        if (basicAuthUser != null) {
            String credentials = basicAuthUser + ':' + basicAuthPassword;
            return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
        return bearerToken == null ? null : "Bearer " + bearerToken;
    }

    private static Duration requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    private static int positive(Integer value, int fallback, String what) {
        int v = value == null ? fallback : value;
        if (v < 1) {
            throw new IllegalStateException(what + " must be positive, got " + v);
        }
        return v;
    }

    private static long positive(Long value, long fallback, String what) {
        long v = value == null ? fallback : value;
        if (v < 1) {
            throw new IllegalStateException(what + " must be positive, got " + v);
        }
        return v;
    }
}
