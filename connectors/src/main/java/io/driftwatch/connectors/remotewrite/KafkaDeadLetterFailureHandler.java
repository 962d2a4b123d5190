package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.remotewrite.internal.PeriodicWarning;
import io.driftwatch.connectors.remotewrite.internal.RejectedBatchJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemoteWriteFailureHandler} that writes every rejected batch as JSON documents (format:
 * {@link RejectedBatchJson}; at most {@code maxSamplesPerDocument} samples each) to a Kafka
 * dead-letter topic with a plain {@link KafkaProducer} ({@code acks=all}, idempotent), keyed by the
 * endpoint URL. A batch counts as handled once Kafka acknowledged all its documents; a failed send
 * fails the job, so rejected samples are never lost silently. It also logs a WARN line like {@link
 * LoggingFailureHandler}'s, at most one per endpoint and minute, saying how many batches it stands for.
 */
public final class KafkaDeadLetterFailureHandler implements RemoteWriteFailureHandler {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterFailureHandler.class);

    /** Default of {@link Builder#setMaxSamplesPerDocument}: about 150 KB of JSON. */
    public static final int DEFAULT_MAX_SAMPLES_PER_DOCUMENT = 1000;

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, String> producerProperties;
    private final int maxSamplesPerDocument;

    private transient KafkaProducer<byte[], byte[]> producer;

    private KafkaDeadLetterFailureHandler(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topic = b.topic;
        this.producerProperties = new LinkedHashMap<>(b.producerProperties);
        this.maxSamplesPerDocument = b.maxSamplesPerDocument;
    }

    /** A handler writing to {@code topic} on the Kafka cluster at {@code bootstrapServers}. */
    public static KafkaDeadLetterFailureHandler of(String bootstrapServers, String topic) {
        return builder(bootstrapServers, topic).build();
    }

    public static Builder builder(String bootstrapServers, String topic) {
        return new Builder(bootstrapServers, topic);
    }

    public String topic() {
        return topic;
    }

    /** The producer settings given to the builder, beside this handler's own defaults. */
    public Map<String, String> producerProperties() {
        return Collections.unmodifiableMap(producerProperties);
    }

    @Override
    public void open() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-remote-write-dead-letters");
        props.putAll(producerProperties);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> onRejected(RejectedBatch batch) {
        long batches =
                PeriodicWarning.perMinute("dead-letter", batch.endpoint()).record();
        if (batches > 0) {
            LOG.warn(
                    "Remote write to {} refused {} samples with HTTP {}: {}; series: {}; writing them to dead-letter"
                            + " topic {} ({} refused batches since the last such line)",
                    batch.endpoint(),
                    batch.samples().size(),
                    batch.statusCode(),
                    batch.responseBody().strip(),
                    LoggingFailureHandler.sampleOfSeries(batch),
                    topic,
                    batches);
        }
        if (producer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("dead-letter handler used before open()"));
        }
        byte[] key = batch.endpoint().getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (byte[] document : RejectedBatchJson.toDocuments(batch, maxSamplesPerDocument)) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            try {
                producer.send(new ProducerRecord<>(topic, key, document), (metadata, error) -> {
                    if (error == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(new RemoteWriteException(
                                "cannot write " + batch.samples().size() + " rejected samples to dead-letter topic "
                                        + topic + " at " + bootstrapServers,
                                error));
                    }
                });
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
            sends.add(sent);
        }
        return CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
            producer = null;
        }
    }

    /** Settings of {@link KafkaDeadLetterFailureHandler}. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private final Map<String, String> producerProperties = new LinkedHashMap<>();
        private int maxSamplesPerDocument = DEFAULT_MAX_SAMPLES_PER_DOCUMENT;

        private Builder(String bootstrapServers, String topic) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.topic = Objects.requireNonNull(topic, "topic");
            if (bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("dead-letter Kafka bootstrap servers must not be blank");
            }
            if (topic.isBlank()) {
                throw new IllegalArgumentException("dead-letter Kafka topic must not be blank");
            }
        }

        /** Any producer setting (e.g. security); overrides this handler's defaults. */
        public Builder setProducerProperty(String key, String value) {
            producerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder setMaxSamplesPerDocument(int maxSamplesPerDocument) {
            if (maxSamplesPerDocument < 1) {
                throw new IllegalArgumentException(
                        "maxSamplesPerDocument must be positive, got " + maxSamplesPerDocument);
            }
            this.maxSamplesPerDocument = maxSamplesPerDocument;
            return this;
        }

        public KafkaDeadLetterFailureHandler build() {
            return new KafkaDeadLetterFailureHandler(this);
        }
    }
}
