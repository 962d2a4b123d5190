package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.remotewrite.internal.MaxInFlightRateLimitingStrategy;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteClientConfig;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteEntry;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteEntryStateSerializer;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that writes {@link PrometheusSample}s to a Prometheus
 * remote-write 1.0 endpoint such as VictoriaMetrics' {@code /api/v1/write}.
 *
 * <pre>{@code
 * stream.sinkTo(PrometheusRemoteWriteSink.builder()
 *         .setEndpoint("http://victoria-metrics:8428/api/v1/write")
 *         .setExtraLabels(Map.of("cluster", "eu-1"))
 *         .build());
 * }</pre>
 *
 * <p><b>Batching.</b> Built on Flink's {@link AsyncSinkBase}: samples are buffered and sent as one
 * request per batch, bounded by sample count and by estimated encoded size, with a bounded number of
 * concurrent requests and a maximum time in the buffer (defaults in {@link
 * PrometheusRemoteWriteSinkBuilder}). Samples of one series within a batch share one {@code
 * TimeSeries}, sorted by timestamp.
 *
 * <p><b>Delivery.</b> At least once on the wire, once in effect: re-sent samples are identical, so a
 * receiver keeping one sample per series and timestamp (VictoriaMetrics with {@code
 * -dedup.minScrapeInterval}) stores each once. A 2xx answer means stored. 5xx, 429 and I/O errors
 * (connection refused, timeout, TLS) are retried with exponential backoff (honouring {@code
 * Retry-After}) until the request's max retry duration is used up; then the job fails with a {@link
 * RemoteWriteException} naming the endpoint, and its restart strategy replays from the last
 * checkpoint. A request refused with 400 is split by bisection until the refused samples are isolated
 * ({@link io.driftwatch.connectors.remotewrite.internal.BatchDelivery}); the refused samples, and
 * requests refused with any other status, are counted ({@code remote_write_rejected_samples}) and
 * handed to the {@link RemoteWriteFailureHandler} (log by default, or a Kafka dead-letter topic),
 * never retried. By default a checkpoint also sends the buffer and waits for all requests, so a
 * completed checkpoint means every earlier sample has been stored or handed to the failure handler.
 *
 * <p><b>Ordering.</b> With more than one request in flight, a retried request may land after a later
 * one. VictoriaMetrics accepts out-of-order samples; for a receiver that does not (Prometheus without
 * an out-of-order window), set {@code setMaxInFlightRequests(1)}.
 *
 * <p><b>Metrics</b> (per subtask, in the sink writer's metric group): counters {@code
 * remote_write_requests} (HTTP attempts, retries and split halves included), {@code
 * remote_write_retries}, {@code remote_write_give_ups}, {@code remote_write_splits}, {@code
 * remote_write_samples_sent} (acknowledged with 2xx), {@code remote_write_rejected_samples}, {@code
 * remote_write_dead_lettered_samples} (kept by the failure handler); gauges {@code
 * remote_write_buffered_samples} and {@code remote_write_in_flight_samples}; plus Flink's standard
 * sink metrics.
 */
public final class PrometheusRemoteWriteSink extends AsyncSinkBase<PrometheusSample, RemoteWriteEntry> {

    private static final long serialVersionUID = 1L;

    private final RemoteWriteClientConfig clientConfig;
    private final RemoteWriteFailureHandler failureHandler;
    private final boolean flushOnCheckpoint;

    PrometheusRemoteWriteSink(
            ElementConverter<PrometheusSample, RemoteWriteEntry> elementConverter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            RemoteWriteClientConfig clientConfig,
            RemoteWriteFailureHandler failureHandler,
            boolean flushOnCheckpoint) {
        // Requests retry inside the writer; Flink's per-request timeout is only a safety net well
        // beyond the retry budget (a request also covers the failure handler's work, e.g. a Kafka send).
        super(
                elementConverter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                clientConfig
                                .maxRetryDuration()
                                .plus(clientConfig.requestTimeout())
                                .toMillis()
                        + 300_000L,
                true);
        this.clientConfig = clientConfig;
        this.failureHandler = failureHandler;
        this.flushOnCheckpoint = flushOnCheckpoint;
    }

    /** A builder for a sink of {@link PrometheusSample}s. */
    public static PrometheusRemoteWriteSinkBuilder builder() {
        return new PrometheusRemoteWriteSinkBuilder();
    }

    /** The remote-write URL this sink writes to. */
    public String endpoint() {
        return clientConfig.endpoint().toString();
    }

    @Override
    public StatefulSinkWriter<PrometheusSample, BufferedRequestState<RemoteWriteEntry>> createWriter(
            WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<PrometheusSample, BufferedRequestState<RemoteWriteEntry>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<RemoteWriteEntry>> recoveredState)
            throws IOException {
        AsyncSinkWriterConfiguration configuration = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .setRateLimitingStrategy(
                        new MaxInFlightRateLimitingStrategy(getMaxInFlightRequests(), getMaxBatchSize()))
                .build();
        return new PrometheusRemoteWriteSinkWriter(
                getElementConverter(),
                context,
                configuration,
                recoveredState,
                clientConfig,
                failureHandler,
                flushOnCheckpoint);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<RemoteWriteEntry>> getWriterStateSerializer() {
        return new RemoteWriteEntryStateSerializer();
    }
}
