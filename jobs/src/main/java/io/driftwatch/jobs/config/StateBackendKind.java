package io.driftwatch.jobs.config;

/** The Flink state backend. */
public enum StateBackendKind {
    /** State on the JVM heap: fastest, bounded by TaskManager memory. */
    HASHMAP,
    /** State in embedded RocksDB on local disk: for state larger than memory; supports incremental checkpoints. */
    ROCKSDB
}
