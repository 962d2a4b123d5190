package io.driftwatch.devstack.confidence;

import com.google.protobuf.util.JsonFormat;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Moves event time forward in an unbounded job: one gauge point at a given time on every partition
 * of every input topic, so that every partition's watermark passes it (a live collector does the
 * same simply by exporting new data).
 */
public final class Ticks {

    private Ticks() {}

    public static void send(EmbeddedKafka kafka, Map<String, String> encodingByTopic, Instant at) throws Exception {
        ExportMetricsServiceRequest tick = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder()
                                        .setName("driftwatch.test.tick")
                                        .setGauge(Gauge.newBuilder()
                                                .addDataPoints(NumberDataPoint.newBuilder()
                                                        .setTimeUnixNano(at.toEpochMilli() * 1_000_000L)
                                                        .setAsInt(1))))))
                .build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = kafka.admin();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var e : encodingByTopic.entrySet()) {
                byte[] value = e.getValue().equals("otlp_json")
                        ? JsonFormat.printer().print(tick).getBytes(StandardCharsets.UTF_8)
                        : tick.toByteArray();
                int partitions = admin.describeTopics(List.of(e.getKey()))
                        .allTopicNames()
                        .get()
                        .get(e.getKey())
                        .partitions()
                        .size();
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(e.getKey(), p, at.toEpochMilli(), null, value));
                }
            }
            producer.flush();
        }
    }
}
