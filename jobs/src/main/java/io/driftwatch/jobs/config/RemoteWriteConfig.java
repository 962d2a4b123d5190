package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where and how derived series are written: Prometheus remote write to VictoriaMetrics
 * (key {@code remote-write}).
 *
 * @param url the remote-write endpoint, http or https, without credentials
 * @param extraLabels labels added to every written series, sorted by name
 * @param basicAuth basic authentication, or {@link BasicAuth#NONE}; exclusive with {@code bearerToken}
 * @param bearerToken bearer token for the {@code Authorization} header, or {@link Secret#NONE}
 * @param tls TLS settings (used for https URLs)
 * @param timeout timeout of one HTTP request
 * @param maxBatchSamples a request carries at most this many samples
 * @param maxBatchBytes a request body (uncompressed protobuf) is at most this many bytes
 * @param maxInFlightRequests concurrent requests per sink writer
 * @param maxBufferedSamples samples a sink writer buffers before writes block; {@code > maxBatchSamples}
 * @param retryInitialBackoff first delay after a retryable failure (5xx, 429, I/O); doubles each retry
 * @param retryMaxBackoff upper bound of the delay between retries; {@code >= retryInitialBackoff}
 * @param maxRetryDuration how long one request is retried before the job fails (and restarts from its
 *     last checkpoint)
 * @param deadLetterTopic Kafka topic receiving batches rejected with a non-retryable error (4xx)
 */
public record RemoteWriteConfig(
        URI url,
        Map<String, String> extraLabels,
        BasicAuth basicAuth,
        Secret bearerToken,
        TlsConfig tls,
        Duration timeout,
        int maxBatchSamples,
        long maxBatchBytes,
        int maxInFlightRequests,
        int maxBufferedSamples,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        Duration maxRetryDuration,
        String deadLetterTopic)
        implements Serializable {

    public RemoteWriteConfig {
        Objects.requireNonNull(url, "url");
        extraLabels = Collections.unmodifiableSortedMap(new TreeMap<>(extraLabels));
        Objects.requireNonNull(basicAuth, "basicAuth");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryInitialBackoff, "retryInitialBackoff");
        Objects.requireNonNull(retryMaxBackoff, "retryMaxBackoff");
        Objects.requireNonNull(maxRetryDuration, "maxRetryDuration");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    }
}
