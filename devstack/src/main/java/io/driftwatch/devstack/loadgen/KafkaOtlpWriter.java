package io.driftwatch.devstack.loadgen;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An {@link OtlpRecordSink} that writes to Kafka the way the collector's kafka exporter does: one
 * topic per encoding, the record timestamp set to the export time, keyed by resource.
 */
public final class KafkaOtlpWriter implements OtlpRecordSink, AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, String> topicByEncoding;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long records;
    private long bytes;

    /**
     * @param topicByEncoding e.g. {@code {otlp_proto=otlp_metrics, otlp_json=otlp_metrics_json}}
     */
    public KafkaOtlpWriter(String bootstrapServers, Map<String, String> topicByEncoding) {
        this(new Properties(), bootstrapServers, topicByEncoding);
    }

    /** The same with {@code clientProperties} (e.g. SASL and TLS settings) beside the writer's own. */
    public KafkaOtlpWriter(Properties clientProperties, String bootstrapServers, Map<String, String> topicByEncoding) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 * 1024 * 1024));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topicByEncoding = Map.copyOf(topicByEncoding);
    }

    @Override
    public void send(String encoding, byte[] key, byte[] value, long timestampMillis) {
        String topic = topicByEncoding.get(encoding);
        if (topic == null) {
            throw new IllegalArgumentException("no topic configured for encoding " + encoding);
        }
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("writing to Kafka topic " + topic + " failed", e);
        }
        producer.send(new ProducerRecord<>(topic, null, timestampMillis, key, value), (md, ex) -> {
            if (ex != null) {
                failure.compareAndSet(null, ex);
            }
        });
        records++;
        bytes += value.length;
    }

    /** Sends one raw record (e.g. a deliberately malformed one) to {@code topic}. */
    public void sendRaw(String topic, byte[] key, byte[] value, long timestampMillis) {
        producer.send(new ProducerRecord<>(topic, null, timestampMillis, key, value));
        records++;
        bytes += value.length;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    /** Waits until everything sent so far is acknowledged; throws if any send failed. */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("writing OTLP records to Kafka failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
