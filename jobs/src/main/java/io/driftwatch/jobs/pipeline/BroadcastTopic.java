package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.jobs.config.KafkaConfig;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A compacted topic of documents read whole into broadcast state (the cost catalog, the drift
 * references): every partition from the earliest offset, records kept raw so that an invalid one is
 * dead-lettered with its bytes, and a watermark at the end of time, since documents carry no event time
 * and must never hold the keyed operators they are broadcast to back.
 */
public final class BroadcastTopic {

    private BroadcastTopic() {}

    /** Every partition of {@code topic} from the earliest offset, consumer group {@code group-id + suffix}. */
    public static KafkaSource<OtlpRecord> source(KafkaConfig kafka, String topic, String groupSuffix) {
        var builder = KafkaSource.<OtlpRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId() + groupSuffix)
                .setTopics(topic)
                .setDeserializer(new RawRecords())
                .setProperties(OtlpInput.consumerProperties(kafka))
                .setStartingOffsets(OffsetsInitializer.earliest());
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** The watermark is always the end of time (see the class comment). */
    public static WatermarkStrategy<OtlpRecord> endOfTime() {
        return ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(OtlpRecord event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        };
    }

    /** A record kept whole. */
    static final class RawRecords implements KafkaRecordDeserializationSchema<OtlpRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<OtlpRecord> out) {
            out.collect(new OtlpRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value()));
        }

        @Override
        public TypeInformation<OtlpRecord> getProducedType() {
            return TypeInformation.of(OtlpRecord.class);
        }
    }
}
