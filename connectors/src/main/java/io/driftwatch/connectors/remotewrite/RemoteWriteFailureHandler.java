package io.driftwatch.connectors.remotewrite;

import java.io.Serializable;
import java.util.concurrent.CompletableFuture;

/**
 * Receives the samples that the remote-write endpoint rejected for good (see {@link RejectedBatch}),
 * so that they are counted and kept rather than silently dropped or retried forever.
 *
 * <p>One instance per sink subtask: {@link #open()} runs when the writer starts, {@link #close()}
 * when it stops. {@link #onRejected} is called from HTTP client threads, possibly concurrently for
 * different requests, so implementations must be thread-safe. The request counts as finished (and a
 * pending checkpoint may complete) only once the returned future completes; if it completes
 * exceptionally the job fails, because the samples could be neither stored nor kept.
 *
 * <p>Implementations: {@link LoggingFailureHandler} (the default) and {@link
 * KafkaDeadLetterFailureHandler}.
 */
public interface RemoteWriteFailureHandler extends Serializable {

    /** Acquires resources (e.g. a Kafka producer); called once per writer before any rejection. */
    default void open() throws Exception {}

    /** Handles one rejected request; see the class comment for threading and completion rules. */
    CompletableFuture<Void> onRejected(RejectedBatch batch);

    /** Releases resources; called once when the writer closes. */
    default void close() throws Exception {}
}
