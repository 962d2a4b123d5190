package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Flink execution settings of the job (key {@code flink}).
 *
 * @param parallelism default operator parallelism; 0 keeps the environment's default
 * @param checkpointInterval interval between checkpoints (exactly-once); always positive
 * @param checkpointDir checkpoint storage URI (e.g. {@code file:///var/lib/driftwatch/checkpoints},
 *     {@code s3://bucket/path}); empty keeps the cluster's configured storage (the JobManager's memory
 *     when none)
 * @param stateBackend where keyed state lives
 * @param savepointPath when non-empty, the job resumes from this savepoint
 */
public record FlinkConfig(
        int parallelism,
        Duration checkpointInterval,
        String checkpointDir,
        StateBackendKind stateBackend,
        String savepointPath)
        implements Serializable {

    public FlinkConfig {
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(stateBackend, "stateBackend");
        Objects.requireNonNull(savepointPath, "savepointPath");
    }
}
