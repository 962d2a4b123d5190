package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One Kafka topic to read OTLP data from.
 *
 * @param topic the topic name
 * @param encoding how the OTel Collector's Kafka exporter encoded the records: {@code otlp_proto}
 *     (protobuf) or {@code otlp_json}, exactly as the exporter's {@code encoding} setting spells them
 */
public record InputTopic(String topic, String encoding) implements Serializable {

    /** The encodings accepted in {@link #encoding()}. */
    public static final List<String> ENCODINGS = List.of("otlp_proto", "otlp_json");

    public InputTopic {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(encoding, "encoding");
    }
}
