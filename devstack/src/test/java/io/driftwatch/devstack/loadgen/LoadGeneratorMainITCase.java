package io.driftwatch.devstack.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.DecodeResult;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpMetricsDecoder;
import io.driftwatch.connectors.otlp.OtlpTracesDecoder;
import io.driftwatch.connectors.otlp.SpanRecord;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The command line the docker-compose stack runs, against a real Kafka broker: a one-day replay in
 * otlp_json lands on the given topics, every record decodes with Driftwatch's decoders, each
 * resource stays on one partition in time order, and the replay ends at today's midnight UTC.
 */
class LoadGeneratorMainITCase {

    @Test
    void replaysOneDayOntoTheGivenTopics() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, "metrics-in");
            kafka.createTopics(2, "spans-in");
            long midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).toEpochMilli();
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            LoadGeneratorMain.run(
                    LoadGeneratorMain.Options.parse(new String[] {
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--scenario",
                        "confidence-drop,cost-hotspot",
                        "--days",
                        "1d",
                        "--encoding",
                        "otlp_json",
                        "--topic-metrics",
                        "metrics-in",
                        "--topic-spans",
                        "spans-in",
                        "--inferences",
                        "10"
                    }),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains("day 1 of 1 replayed"), progress.toString());

            List<ConsumerRecord<byte[], byte[]>> metrics = kafka.readCommitted("metrics-in");
            // Five services (the base four and the hotspot), an export every 5 minutes from start to end inclusive.
            assertEquals(5 * 289, metrics.size());
            OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(DecoderOptions.defaults());
            Map<String, Integer> partitionByService = new HashMap<>();
            Map<String, Long> lastTime = new HashMap<>();
            long newest = 0;
            for (ConsumerRecord<byte[], byte[]> r : metrics) {
                DecodeResult<MetricPoint> d = decoder.decode(r.value(), OtlpEncoding.OTLP_JSON);
                assertFalse(d.hasRejections(), d.rejections().toString());
                String service = d.accepted().get(0).labels().get("service.instance.id");
                assertEquals(
                        partitionByService.computeIfAbsent(service, s -> r.partition()),
                        r.partition(),
                        service + " stays on one partition");
                Long previous = lastTime.put(service, r.timestamp());
                assertTrue(previous == null || previous < r.timestamp(), service + " in time order");
                newest = Math.max(newest, r.timestamp());
            }
            assertEquals(5, partitionByService.size());
            long midnightAfter = Instant.now().truncatedTo(ChronoUnit.DAYS).toEpochMilli(); // a run across midnight
            assertTrue(
                    newest == midnight || newest == midnightAfter,
                    "ends at today's midnight: " + Instant.ofEpochMilli(newest));

            List<ConsumerRecord<byte[], byte[]>> spans = kafka.readCommitted("spans-in");
            assertFalse(spans.isEmpty());
            OtlpTracesDecoder traces = new OtlpTracesDecoder(DecoderOptions.defaults());
            for (ConsumerRecord<byte[], byte[]> r : spans) {
                DecodeResult<SpanRecord> d = traces.decode(r.value(), OtlpEncoding.OTLP_JSON);
                assertFalse(d.hasRejections(), d.rejections().toString());
                assertEquals(
                        new String(r.key(), StandardCharsets.UTF_8),
                        d.accepted().get(0).traceId());
            }
        }
    }
}
