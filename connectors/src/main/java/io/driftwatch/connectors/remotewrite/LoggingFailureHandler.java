package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.remotewrite.internal.PrometheusText;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link RemoteWriteFailureHandler}: logs one WARN line per rejected request with the
 * endpoint, status, sample count, the (already truncated) response body and up to {@value
 * #MAX_LOGGED_SERIES} distinct series of the batch (label values escaped as in Prometheus' text format). The samples are not kept: use {@link
 * KafkaDeadLetterFailureHandler} for that.
 */
public final class LoggingFailureHandler implements RemoteWriteFailureHandler {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoggingFailureHandler.class);

    /** How many distinct series of a rejected batch are named in the log line. */
    public static final int MAX_LOGGED_SERIES = 5;

    @Override
    public CompletableFuture<Void> onRejected(RejectedBatch batch) {
        LOG.warn(
                "Remote write to {} rejected {} samples with HTTP {} (not retried, samples dropped): {}; series: {}",
                batch.endpoint(),
                batch.samples().size(),
                batch.statusCode(),
                batch.responseBody().strip(),
                sampleOfSeries(batch));
        return CompletableFuture.completedFuture(null);
    }

    static String sampleOfSeries(RejectedBatch batch) {
        Set<String> distinct = new LinkedHashSet<>();
        for (PrometheusSample s : batch.samples()) {
            distinct.add(PrometheusText.series(s.metricName(), s.labels()));
        }
        String listed = distinct.stream().limit(MAX_LOGGED_SERIES).collect(Collectors.joining(", "));
        return distinct.size() > MAX_LOGGED_SERIES
                ? listed + " and " + (distinct.size() - MAX_LOGGED_SERIES) + " more"
                : listed;
    }
}
