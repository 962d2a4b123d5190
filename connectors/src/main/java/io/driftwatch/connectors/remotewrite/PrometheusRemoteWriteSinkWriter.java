package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.remotewrite.internal.RemoteWriteClientConfig;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteEntry;
import io.driftwatch.connectors.remotewrite.internal.RemoteWriteSender;
import io.driftwatch.connectors.remotewrite.internal.WriteRequestEncoder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink writer: encodes each batch built by {@link AsyncSinkWriter} into one remote-write request
 * and hands it to {@link RemoteWriteSender}, which retries transient failures itself. Each request
 * ends in exactly one of: delivered; rejected (handed to the {@link RemoteWriteFailureHandler}); or
 * failed for good (a fatal {@link RemoteWriteException} that fails the job). Entries are therefore
 * never handed back to the buffer for retry.
 */
final class PrometheusRemoteWriteSinkWriter extends AsyncSinkWriter<PrometheusSample, RemoteWriteEntry> {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusRemoteWriteSinkWriter.class);

    static final String METRIC_REQUESTS = "remote_write_requests";
    static final String METRIC_RETRIES = "remote_write_retries";
    static final String METRIC_SAMPLES_SENT = "remote_write_samples_sent";
    static final String METRIC_REJECTED_SAMPLES = "remote_write_rejected_samples";

    private final RemoteWriteSender sender;
    private final RemoteWriteFailureHandler failureHandler;
    private final boolean flushOnCheckpoint;
    private final Counter samplesSent;
    private final Counter rejectedSamples;

    PrometheusRemoteWriteSinkWriter(
            ElementConverter<PrometheusSample, RemoteWriteEntry> elementConverter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<RemoteWriteEntry>> states,
            RemoteWriteClientConfig clientConfig,
            RemoteWriteFailureHandler failureHandler,
            boolean flushOnCheckpoint)
            throws IOException {
        super(
                elementConverter,
                context,
                configuration,
                states,
                new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()),
                new DequeRequestBuffer<>());
        this.failureHandler = failureHandler;
        this.flushOnCheckpoint = flushOnCheckpoint;
        MetricGroup metrics = context.metricGroup();
        Counter requests = metrics.counter(METRIC_REQUESTS, new ThreadSafeSimpleCounter());
        Counter retries = metrics.counter(METRIC_RETRIES, new ThreadSafeSimpleCounter());
        this.samplesSent = metrics.counter(METRIC_SAMPLES_SENT, new ThreadSafeSimpleCounter());
        this.rejectedSamples = metrics.counter(METRIC_REJECTED_SAMPLES, new ThreadSafeSimpleCounter());
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
            });
        } catch (Exception e) {
            closeFailureHandler();
            throw new IOException("cannot create the remote-write client for " + clientConfig.endpoint() + ": " + e, e);
        }
    }

    @Override
    protected void submitRequestEntries(List<RemoteWriteEntry> entries, ResultHandler<RemoteWriteEntry> result) {
        byte[] body;
        try {
            body = WriteRequestEncoder.encodeCompressed(entries);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(new RemoteWriteException(
                    "cannot encode a remote-write request of " + entries.size() + " samples for " + sender.endpoint()
                            + ": " + e,
                    e));
            return;
        }
        sender.send(body).whenComplete((outcome, error) -> {
            if (error != null) {
                result.completeExceptionally(
                        error instanceof Exception
                                ? (Exception) error
                                : new RemoteWriteException(
                                        "remote write to " + sender.endpoint() + " failed: " + error, error));
            } else if (outcome instanceof RemoteWriteSender.Rejected) {
                handleRejected(entries, (RemoteWriteSender.Rejected) outcome, result);
            } else {
                samplesSent.inc(entries.size());
                result.complete();
            }
        });
    }

    private void handleRejected(
            List<RemoteWriteEntry> entries,
            RemoteWriteSender.Rejected rejected,
            ResultHandler<RemoteWriteEntry> result) {
        rejectedSamples.inc(entries.size());
        CompletableFuture<Void> handled;
        try {
            List<PrometheusSample> samples = new ArrayList<>(entries.size());
            for (RemoteWriteEntry entry : entries) {
                samples.add(entry.toSample());
            }
            handled = failureHandler.onRejected(new RejectedBatch(
                    sender.endpoint().toString(),
                    rejected.statusCode(),
                    rejected.responseBody(),
                    samples,
                    Instant.now()));
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        if (handled == null) {
            handled = CompletableFuture.failedFuture(new NullPointerException("onRejected returned null"));
        }
        handled.whenComplete((ignored, error) -> {
            if (error == null) {
                result.complete();
            } else {
                result.completeExceptionally(new RemoteWriteException(
                        String.format(
                                "%d samples rejected by %s with HTTP %d could not be handed to failure handler %s: %s",
                                entries.size(),
                                sender.endpoint(),
                                rejected.statusCode(),
                                failureHandler.getClass().getName(),
                                error),
                        error));
            }
        });
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
