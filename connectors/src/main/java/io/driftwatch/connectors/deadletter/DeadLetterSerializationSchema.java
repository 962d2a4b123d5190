package io.driftwatch.connectors.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes {@link DeadLetter}s to a Kafka dead-letter topic, for use with {@code
 * KafkaSink.builder().setRecordSerializer(new DeadLetterSerializationSchema("otlp_dead_letters"))}.
 *
 * <h2>Record contract</h2>
 *
 * <ul>
 *   <li><b>value</b>: the source record's value, byte for byte (a {@code null} value stays {@code null});
 *   <li><b>key</b>: the source record's key, unchanged (may be {@code null});
 *   <li><b>timestamp</b>: left to the producer (the time of dead-lettering), so that the dead-letter
 *       topic's retention counts from when the problem was found, not from when the data was produced;
 *   <li><b>partition</b>: chosen by the producer's partitioner from the key.
 * </ul>
 *
 * Headers, all UTF-8 text:
 *
 * <table>
 *   <caption>dead-letter headers</caption>
 *   <tr><th>name</th><th>value</th></tr>
 *   <tr><td>{@code driftwatch.reason}</td><td>distinct {@link io.driftwatch.connectors.otlp.RejectReason#label()
 *       reason labels}, comma-separated without spaces, in order of first occurrence, e.g. {@code
 *       bucket_count_mismatch,absurd_timestamp}</td></tr>
 *   <tr><td>{@code driftwatch.detail}</td><td>one line per rejection, {@code <label>: <where and what>}, at
 *       most {@link DeadLetter#MAX_DETAIL_BYTES} (4096) bytes; when cut, the last line reads {@code
 *       [truncated: N rejections in total]}</td></tr>
 *   <tr><td>{@code driftwatch.source.topic}</td><td>the topic the record was read from</td></tr>
 *   <tr><td>{@code driftwatch.source.partition}</td><td>its partition, decimal</td></tr>
 *   <tr><td>{@code driftwatch.source.offset}</td><td>its offset, decimal</td></tr>
 *   <tr><td>{@code driftwatch.source.timestamp}</td><td>its Kafka timestamp in epoch milliseconds, decimal
 *       ({@code -1} when it had none)</td></tr>
 * </table>
 *
 * A record is dead-lettered once even when several of its points were rejected; the accepted points of
 * a partly bad record still flow on, so replaying a dead letter may duplicate them.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String REASON = "driftwatch.reason";
    public static final String DETAIL = "driftwatch.detail";
    public static final String SOURCE_TOPIC = "driftwatch.source.topic";
    public static final String SOURCE_PARTITION = "driftwatch.source.partition";
    public static final String SOURCE_OFFSET = "driftwatch.source.offset";
    public static final String SOURCE_TIMESTAMP = "driftwatch.source.timestamp";

    private final String topic;

    /** @param topic the dead-letter topic to write to */
    public DeadLetterSerializationSchema(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("dead-letter topic must not be blank");
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = List.of(
                header(REASON, letter.reasonLabels()),
                header(DETAIL, letter.detail()),
                header(SOURCE_TOPIC, letter.sourceTopic()),
                header(SOURCE_PARTITION, Integer.toString(letter.sourcePartition())),
                header(SOURCE_OFFSET, Long.toString(letter.sourceOffset())),
                header(SOURCE_TIMESTAMP, Long.toString(letter.sourceTimestamp())));
        return new ProducerRecord<>(topic, null, null, letter.key(), letter.value(), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
