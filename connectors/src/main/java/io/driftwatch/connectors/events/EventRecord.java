package io.driftwatch.connectors.events;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One Driftwatch event, ready for the events topic: a JSON document that conforms to {@code
 * deploy/schemas/driftwatch-event.schema.json}, its Kafka key, its id and its event time. Every
 * analysis (feature drift, cost anomalies) turns its own event type into this form, so that one
 * exactly-once {@code KafkaSink} serves them all.
 *
 * @param key the Kafka key, e.g. {@code model_name/model_version/feature}: all events of one subject
 *     land in one partition, in order
 * @param eventId the document's {@code event_id}, also sent as a header so consumers can deduplicate
 *     without parsing
 * @param type the document's {@code type}, e.g. {@code feature_drift}; also a header
 * @param eventTimeMillis the event time the document describes (epoch ms)
 * @param json the document, UTF-8 JSON on one line
 */
@TypeInfo(EventRecordTypeInfoFactory.class)
public record EventRecord(String key, String eventId, String type, long eventTimeMillis, String json) {

    public EventRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }
}
