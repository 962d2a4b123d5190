package io.driftwatch.jobs.config;

/** Where the Kafka source starts reading a partition when the job starts without a checkpoint. */
public enum StartingOffsets {
    /** The earliest offset still retained by the broker (replays history). */
    EARLIEST,
    /** The end of the partition: only data produced after the start. */
    LATEST,
    /** The offsets committed by {@code kafka.group-id}; earliest for partitions without a commit. */
    COMMITTED
}
