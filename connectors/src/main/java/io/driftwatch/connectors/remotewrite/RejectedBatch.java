package io.driftwatch.connectors.remotewrite;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Samples the remote-write endpoint refused with a non-retryable HTTP status (a 4xx other than
 * 429, or an unexpected 1xx/3xx): they were not stored and will not be retried. After a 400 the
 * request was split until the refused samples were isolated: a batch then holds the refused samples of
 * one request that share one response (status and body), e.g. Prometheus' {@code out of order sample}.
 *
 * @param endpoint the remote-write URL
 * @param statusCode the HTTP status of the response
 * @param responseBody the response body, truncated to 2,048 characters
 * @param samples the refused samples as they were sent: sanitised names, extra labels added
 * @param rejectedAt when the response arrived
 */
public record RejectedBatch(
        String endpoint, int statusCode, String responseBody, List<PrometheusSample> samples, Instant rejectedAt) {

    public RejectedBatch {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(responseBody, "responseBody");
        samples = List.copyOf(samples);
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
