package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where the OTLP data comes from: the Kafka cluster, topics and consumer settings (key {@code kafka}).
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param groupId consumer group id, used for committed offsets
 * @param inputs the topics to read, at least one, with distinct names
 * @param startingOffsets where to start without a checkpoint
 * @param bounded when true, the source stops at the end offsets seen at start (replays, tests)
 * @param deadLetterTopic topic receiving records that cannot be decoded or normalised
 * @param checkTopics when true, {@code DriftwatchJob} checks at start-up that every topic it reads or
 *     writes exists
 * @param properties extra Kafka client properties passed to every client verbatim, sorted by name;
 *     values may be secrets (e.g. {@code sasl.jaas.config}), which {@link #toString()} masks
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        List<InputTopic> inputs,
        StartingOffsets startingOffsets,
        boolean bounded,
        String deadLetterTopic,
        boolean checkTopics,
        Map<String, String> properties)
        implements Serializable {

    public KafkaConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    }

    /** The configured topic names, in configuration order. */
    public List<String> topics() {
        return inputs.stream().map(InputTopic::topic).toList();
    }

    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        properties.forEach((k, v) -> masked.put(k, SecretKeys.isSecret(k) ? Secret.MASK : v));
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", inputs=" + inputs
                + ", startingOffsets=" + startingOffsets + ", bounded=" + bounded + ", deadLetterTopic="
                + deadLetterTopic + ", checkTopics=" + checkTopics + ", properties=" + masked + "]";
    }
}
