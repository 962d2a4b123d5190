package io.driftwatch.cost.catalog;

/**
 * A catalog entry and the instant it comes into force ({@link Long#MIN_VALUE} for an entry without
 * {@code effective-from}, in force from the start).
 */
record Dated<T>(T value, long fromMillis) {}
