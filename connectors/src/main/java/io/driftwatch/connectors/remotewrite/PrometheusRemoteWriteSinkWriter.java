package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.remotewrite.internal.BatchDelivery;
import io.driftwatch.connectors.remotewrite.internal.PeriodicWarning;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteClientConfig;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteEntry;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteSender;
import io.driftwatch.connectors.remotewrite.internal.WriteRequestEncoder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink writer: hands each batch built by {@link AsyncSinkWriter} to {@link BatchDelivery} (one
 * remote-write request, split when the receiver refuses some of its samples with 400), whose {@link
 * RemoteWriteSender} retries transient failures itself. Each sample ends in exactly one of:
 * delivered; refused (handed to the {@link RemoteWriteFailureHandler}); or its request failed for
 * good (a fatal {@link RemoteWriteException} that fails the job). Entries are therefore never handed
 * back to the buffer for retry.
 */
final class PrometheusRemoteWriteSinkWriter extends AsyncSinkWriter<PrometheusSample, RemoteWriteEntry> {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusRemoteWriteSinkWriter.class);

    static final String METRIC_REQUESTS = "remote_write_requests";
    static final String METRIC_RETRIES = "remote_write_retries";
    static final String METRIC_SAMPLES_SENT = "remote_write_samples_sent";
    static final String METRIC_REJECTED_SAMPLES = "remote_write_rejected_samples";
    static final String METRIC_DEAD_LETTERED_SAMPLES = "remote_write_dead_lettered_samples";
    static final String METRIC_GIVE_UPS = "remote_write_give_ups";
    static final String METRIC_SPLITS = "remote_write_splits";
    static final String METRIC_BUFFERED_SAMPLES = "remote_write_buffered_samples";
    static final String METRIC_IN_FLIGHT_SAMPLES = "remote_write_in_flight_samples";

    private final RemoteWriteSender sender;
    private final BatchDelivery delivery;
    private final RemoteWriteFailureHandler failureHandler;
    private final boolean flushOnCheckpoint;
    private final Counter samplesSent;
    private final Counter rejectedSamples;
    private final Counter deadLetteredSamples;
    private final Counter splits;
    private final AtomicLong inFlightSamples = new AtomicLong();
    private final PeriodicWarning splitWarning;

    PrometheusRemoteWriteSinkWriter(
            ElementConverter<PrometheusSample, RemoteWriteEntry> elementConverter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<RemoteWriteEntry>> states,
            RemoteWriteClientConfig clientConfig,
            RemoteWriteFailureHandler failureHandler,
            boolean flushOnCheckpoint)
            throws IOException {
        this(
                elementConverter,
                context,
                configuration,
                states,
                clientConfig,
                failureHandler,
                flushOnCheckpoint,
                new DequeRequestBuffer<>());
    }

    private PrometheusRemoteWriteSinkWriter(
            ElementConverter<PrometheusSample, RemoteWriteEntry> elementConverter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<RemoteWriteEntry>> states,
            RemoteWriteClientConfig clientConfig,
            RemoteWriteFailureHandler failureHandler,
            boolean flushOnCheckpoint,
            DequeRequestBuffer<RemoteWriteEntry> buffer)
            throws IOException {
        super(
                elementConverter,
                context,
                configuration,
                states,
                new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()),
                buffer);
        this.failureHandler = failureHandler;
        this.flushOnCheckpoint = flushOnCheckpoint;
        MetricGroup metrics = context.metricGroup();
        Counter requests = metrics.counter(METRIC_REQUESTS, new ThreadSafeSimpleCounter());
        Counter retries = metrics.counter(METRIC_RETRIES, new ThreadSafeSimpleCounter());
        this.samplesSent = metrics.counter(METRIC_SAMPLES_SENT, new ThreadSafeSimpleCounter());
        this.rejectedSamples = metrics.counter(METRIC_REJECTED_SAMPLES, new ThreadSafeSimpleCounter());
        this.deadLetteredSamples = metrics.counter(METRIC_DEAD_LETTERED_SAMPLES, new ThreadSafeSimpleCounter());
        this.splits = metrics.counter(METRIC_SPLITS, new ThreadSafeSimpleCounter());
        Counter giveUps = metrics.counter(METRIC_GIVE_UPS, new ThreadSafeSimpleCounter());
        // read by the metric reporter's thread: a racy but harmless size of the writer's deque
        metrics.gauge(METRIC_BUFFERED_SAMPLES, (Gauge<Integer>) buffer::size);
        metrics.gauge(METRIC_IN_FLIGHT_SAMPLES, (Gauge<Long>) inFlightSamples::get);
        this.splitWarning =
                PeriodicWarning.perMinute("split", clientConfig.endpoint().toString());
        try {
            failureHandler.open();
        } catch (Exception e) {
            throw new IOException(
                    "cannot open remote-write failure handler "
                            + failureHandler.getClass().getName() + " for " + clientConfig.endpoint() + ": " + e,
                    e);
        }
        try {
            this.sender = new RemoteWriteSender(clientConfig, new RemoteWriteSender.Listener() {
                @Override
                public void onAttempt() {
                    requests.inc();
                }

                @Override
                public void onRetry(int retry, Duration delay, String reason) {
                    retries.inc();
                }

                @Override
                public void onGiveUp() {
                    giveUps.inc();
                }
            });
            this.delivery = new BatchDelivery(sender, this::onSplit);
        } catch (Exception e) {
            closeFailureHandler();
            throw new IOException("cannot create the remote-write client for " + clientConfig.endpoint() + ": " + e, e);
        }
    }

    @Override
    protected void submitRequestEntries(List<RemoteWriteEntry> entries, ResultHandler<RemoteWriteEntry> result) {
        inFlightSamples.addAndGet(entries.size());
        delivery.deliver(entries).whenComplete((outcome, error) -> {
            if (error != null) {
                inFlightSamples.addAndGet(-entries.size());
                result.completeExceptionally(fatal(error));
                return;
            }
            samplesSent.inc(outcome.delivered());
            handleRefused(outcome.refused()).whenComplete((ignored, handlerError) -> {
                inFlightSamples.addAndGet(-entries.size());
                if (handlerError == null) {
                    result.complete();
                } else {
                    result.completeExceptionally(fatal(handlerError));
                }
            });
        });
    }

    private Exception fatal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof Exception
                ? (Exception) cause
                : new RemoteWriteException("remote write to " + sender.endpoint() + " failed: " + cause, cause);
    }

    private record Reason(int status, String body) {}

    /** Hands the refused samples to the failure handler, one batch per distinct status and response body. */
    private CompletableFuture<Void> handleRefused(List<BatchDelivery.Refused> refused) {
        if (refused.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<Reason, List<PrometheusSample>> byReason = new LinkedHashMap<>();
        for (BatchDelivery.Refused r : refused) {
            List<PrometheusSample> samples =
                    byReason.computeIfAbsent(new Reason(r.statusCode(), r.responseBody()), k -> new ArrayList<>());
            r.entries().forEach(e -> samples.add(e.toSample()));
        }
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        byReason.forEach((reason, samples) -> handled.add(handOver(reason.status(), reason.body(), samples)));
        return CompletableFuture.allOf(handled.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> handOver(int status, String body, List<PrometheusSample> samples) {
        rejectedSamples.inc(samples.size());
        CompletableFuture<Void> handled;
        try {
            handled = failureHandler.onRejected(
                    new RejectedBatch(sender.endpoint().toString(), status, body, samples, Instant.now()));
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        if (handled == null) {
            handled = CompletableFuture.failedFuture(new NullPointerException("onRejected returned null"));
        }
        return handled.handle((ignored, error) -> {
            if (error != null) {
                throw new CompletionException(new RemoteWriteException(
                        String.format(
                                "%d samples rejected by %s with HTTP %d could not be handed to failure handler %s: %s",
                                samples.size(),
                                sender.endpoint(),
                                status,
                                failureHandler.getClass().getName(),
                                error),
                        error));
            }
            deadLetteredSamples.inc(samples.size());
            return null;
        });
    }

    private void onSplit(int samples, int status, String body) {
        splits.inc();
        long count = splitWarning.record();
        if (count > 0) {
            LOG.warn(
                    "Remote write to {} refused a request of {} samples with HTTP {} ({}); splitting it to isolate the"
                            + " refused samples, which go to the failure handler ({} splits since the last such line)",
                    sender.endpoint(),
                    samples,
                    status,
                    RemoteWriteSender.truncate(body.strip(), 200),
                    count);
        }
    }

    @Override
    protected long getSizeInBytes(RemoteWriteEntry entry) {
        return WriteRequestEncoder.estimatedSize(entry);
    }

    /**
     * Flink calls {@code flush(false)} before a checkpoint (wait for in-flight requests, keep the
     * buffer in the checkpoint) and {@code flush(true)} at end of input. With flush-on-checkpoint
     * the buffer is sent too, so a completed checkpoint means every sample before it is stored.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        super.flush(endOfInput || flushOnCheckpoint);
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            sender.close();
            closeFailureHandler();
        }
    }

    private void closeFailureHandler() {
        try {
            failureHandler.close();
        } catch (Exception e) {
            LOG.warn(
                    "Closing remote-write failure handler {} failed",
                    failureHandler.getClass().getName(),
                    e);
        }
    }
}
