package io.driftwatch.jobs.drift;

/**
 * A readable reference profile from the reference topic, broadcast to the drift operator; or, with
 * {@code profile == null}, the removal of a model version's profile (a tombstone on the compacted topic).
 *
 * @param modelVersion {@link io.driftwatch.jobs.pipeline.GroupKey} of (model_name, model_version)
 * @param publishedMillis the record's Kafka timestamp: the reference "window" of the events
 * @param profile the {@link io.driftwatch.drift.reference.ReferenceProfile} bytes, or null
 */
public record ReferenceUpdate(String modelVersion, long publishedMillis, byte[] profile) {}
