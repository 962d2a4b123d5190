package io.driftwatch.devstack.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.confidence.Ticks;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.drift.cli.Main;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics, with {@code
 * drift.baseline.mode: reference}: a training CSV is profiled and published with the {@code drift-stats}
 * command line ({@code profile}, {@code publish}) before the job starts; production spans of model
 * {@code ranker} version 1 then carry a {@code request_length} shifted by 2 standard deviations from
 * training and a {@code temperature} drawn as in training. Hourly evaluations, a 1 h window, a 30-day
 * frozen fallback: without the reference nothing could be scored for 30 days.
 *
 * <p>request_length fires at the first evaluation (the issue asks for one of the first two) and
 * temperature never does; every score is written with {@code baseline="reference"}, and the first KS D
 * is within the sketches' accuracy of the exact D of the raw training and production values. Version 2
 * (no profile) keeps its frozen fallback: counted, not scored. Then a malformed record is published under
 * {@code ranker/1}: it is dead-lettered with reason {@code invalid_reference}, and the later evaluations
 * still compare with the reference (still firing, still {@code baseline="reference"}).
 *
 * <p>Phases are ordered by the job's own progress, never by sleeping: the profile is known to be in the
 * drift operator's broadcast state once the reference source has committed its offset past it (offsets
 * are committed when a checkpoint completes, which every operator downstream has then passed).
 */
class ReferenceBaselineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String METRICS = "reference_metrics";
    static final String SPANS = "reference_spans";
    static final String REFERENCES = "ml.drift.references";
    static final String EVENTS = "ml.drift.events";
    static final String DEAD_LETTERS = "driftwatch.dead-letters";
    static final String GROUP = "reference-e2e";
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final int PER_HOUR = 1500;
    static final Duration WAIT = Duration.ofMinutes(4);

    @TempDir
    static Path dir;

    static EndToEnd stack;
    static long start;
    static double[] training;
    static List<Double> production = new ArrayList<>();
    static List<ConsumerRecord<byte[], byte[]>> events;
    static List<ConsumerRecord<byte[], byte[]>> deadLetters;
    static Map<String, NavigableMap<Long, Double>> series;
    static String publishOutput;

    @BeforeAll
    static void run() throws Exception {
        stack = EndToEnd.start();
        stack.kafka().createTopics(2, METRICS, SPANS, EVENTS);
        stack.kafka()
                .admin()
                .createTopics(
                        List.of(new NewTopic(REFERENCES, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all()
                .get(30, TimeUnit.SECONDS);
        start = Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .minus(Duration.ofDays(3))
                .toEpochMilli();

        // training data: request_length ~ N(400, 50), temperature ~ N(0.7, 0.1); 5 % of lengths missing
        SplittableRandom r = new SplittableRandom(13);
        StringBuilder csv = new StringBuilder("request_length,temperature\n");
        List<Double> lengths = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double length = Math.round(400 + 50 * r.nextGaussian());
            boolean missing = i % 20 == 0;
            if (!missing) {
                lengths.add(length);
            }
            csv.append(missing ? "NA" : String.format(Locale.ROOT, "%.0f", length))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.4f", 0.7 + 0.1 * r.nextGaussian()))
                    .append('\n');
        }
        training = lengths.stream().mapToDouble(Double::doubleValue).toArray();
        Path train = Files.writeString(dir.resolve("train.csv"), csv);
        Path profile = dir.resolve("ref.dwp");
        cli(
                "profile",
                "--input",
                train.toString(),
                "--model",
                "ranker",
                "--version",
                "1",
                "--output",
                profile.toString());
        // the job's configuration, with ${VAR:-default} references publish resolves as the job does
        Path config = Files.writeString(
                dir.resolve("driftwatch.yaml"),
                "kafka:\n  bootstrap-servers: \"${DRIFTWATCH_TEST_UNSET_BROKERS:-"
                        + stack.kafka().bootstrapServers() + "}\"\n"
                        + "  properties:\n    client.id: \"${DRIFTWATCH_TEST_UNSET_CLIENT:-publish-test}\"\n"
                        + "drift:\n  reference-topic: \"${DRIFTWATCH_TEST_UNSET_TOPIC:-" + REFERENCES + "}\"\n");
        publishOutput = cli("publish", "--profile", profile.toString(), "--config", config.toString());

        JobClient job = stack.runUnbounded(
                "reference-baseline",
                "kafka.inputs[0].topic=" + METRICS,
                "kafka.group-id=" + GROUP,
                "kafka.dead-letter-topic=" + DEAD_LETTERS,
                "confidence.enabled=false",
                "drift.spans.enabled=true",
                "drift.spans.inputs[0].topic=" + SPANS,
                "drift.evaluation-interval=1h",
                "drift.current-window=1h",
                "drift.baseline.mode=reference",
                "drift.reference-topic=" + REFERENCES,
                "output.events-topic=" + EVENTS);
        var props = new java.util.Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> spans =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitCommitted(1, "the reference profile is in the drift operator");
            SplittableRandom p = new SplittableRandom(29);
            for (int hour = 0; hour < 4; hour++) {
                writeHour(spans, p, hour);
            }
            // the (empty) metrics input's partitions move on too, as the end of a bounded run would
            Ticks.send(stack.kafka(), Map.of(METRICS, "otlp_proto"), Instant.ofEpochMilli(end(3)));
            awaitFiringPoints(3, "three evaluations of request_length");
            publishRaw("ranker/1", "request_length,temperature\n1,2\n".getBytes(StandardCharsets.UTF_8));
            awaitCommitted(2, "the malformed record went through the operator");
            for (int hour = 4; hour < 7; hour++) {
                writeHour(spans, p, hour);
            }
            Ticks.send(stack.kafka(), Map.of(METRICS, "otlp_proto"), Instant.ofEpochMilli(end(6)));
            awaitFiringPoints(6, "three more evaluations");
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        stack.vm().flush();
        events = stack.kafka().readCommitted(EVENTS);
        deadLetters = stack.kafka().readCommitted(DEAD_LETTERS);
        series = readBack();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** Hour {@code hour}'s spans of ranker 1 (request_length ~ N(500, 50): shifted) and of ranker 2. */
    static void writeHour(KafkaProducer<byte[], byte[]> spans, SplittableRandom r, int hour) {
        long from = start + hour * HOUR;
        for (int batch = 0; batch < PER_HOUR / 100; batch++) {
            ResourceSpans.Builder v1 = resource("1");
            ResourceSpans.Builder v2 = resource("2");
            ScopeSpans.Builder s1 = ScopeSpans.newBuilder();
            ScopeSpans.Builder s2 = ScopeSpans.newBuilder();
            for (int i = 0; i < 100; i++) {
                long t = from + 1000 + (batch * 100L + i) * (HOUR - 2000) / PER_HOUR;
                double length = Math.round(500 + 50 * r.nextGaussian());
                if (hour == 0) {
                    production.add(length);
                }
                s1.addSpans(span(t, length, 0.7 + 0.1 * r.nextGaussian()));
                s2.addSpans(span(t, Math.round(400 + 50 * r.nextGaussian()), 0.7 + 0.1 * r.nextGaussian()));
            }
            byte[] value = ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(v1.addScopeSpans(s1))
                    .addResourceSpans(v2.addScopeSpans(s2))
                    .build()
                    .toByteArray();
            // the record's timestamp is its first span's start, so no span is far from it (time_skew)
            long recordTime = from + 1000 + batch * 100L * (HOUR - 2000) / PER_HOUR;
            // alternately on both partitions, so that each one's watermark moves on
            spans.send(new ProducerRecord<>(SPANS, batch % 2, recordTime, null, value));
        }
        spans.flush();
    }

    static ResourceSpans.Builder resource(String version) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(
                                attribute("model_name", AnyValue.newBuilder().setStringValue("ranker")))
                        .addAttributes(
                                attribute("model_version", AnyValue.newBuilder().setStringValue(version))));
    }

    static Span span(long t, double length, double temperature) {
        return Span.newBuilder()
                .setName("rank")
                .setStartTimeUnixNano(t * 1_000_000L)
                .setEndTimeUnixNano(t * 1_000_000L + 1000)
                .addAttributes(attribute(
                        "ml.feature.request_length", AnyValue.newBuilder().setIntValue((long) length)))
                .addAttributes(attribute(
                        "ml.feature.temperature", AnyValue.newBuilder().setDoubleValue(temperature)))
                .build();
    }

    static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, String.join(" ", args) + ": " + err);
        return out.toString(StandardCharsets.UTF_8);
    }

    static void publishRaw(String key, byte[] value) throws Exception {
        var props = new java.util.Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(REFERENCES, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Until the reference source's group has committed offset {@code offset} on the reference topic. */
    static void awaitCommitted(long offset, String what) throws Exception {
        TopicPartition tp = new TopicPartition(REFERENCES, 0);
        await(what, () -> {
            try (var admin = stack.kafka().admin()) {
                OffsetAndMetadata m = admin.listConsumerGroupOffsets(GROUP + "-drift-references")
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS)
                        .get(tp);
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                        .partitionResult(tp)
                        .get(30, TimeUnit.SECONDS)
                        .offset();
                return end >= offset && m != null && m.offset() >= offset;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void awaitFiringPoints(int n, String what) throws Exception {
        await(what + diagnosis(), () -> {
            try {
                stack.vm().flush();
                return stack
                                .vm()
                                .exportSeries(
                                        "{__name__=\"ml_feature_drift_firing\",feature=\"request_length\",model_version=\"1\"}")
                                .stream()
                                .mapToInt(s -> s.points().size())
                                .sum()
                        >= n;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What the job has written so far, for a failure message. */
    static String diagnosis() {
        return " (dead letters: " + stack.kafka().readCommitted(DEAD_LETTERS).size() + ")";
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + WAIT + ": " + what);
            }
            Thread.sleep(500);
        }
    }

    /** "version/feature/name/method-or-window/baseline" → time → value. */
    static Map<String, NavigableMap<Long, Double>> readBack() throws Exception {
        Map<String, NavigableMap<Long, Double>> out = new TreeMap<>();
        for (PromSeries s : stack.vm().exportSeries("{__name__=~\"ml_feature_drift_.*\"}")) {
            // the short window (drift.short-window, 1 h: here the current window again) is told apart
            String q = s.label("method") != null
                    ? s.label("method") + ("short".equals(s.label("window")) ? "/short" : "")
                    : s.label("window");
            out.computeIfAbsent(
                            s.label("model_version") + "/" + s.label("feature") + "/" + s.label("__name__") + "/" + q
                                    + "/" + s.label("baseline"),
                            k -> new TreeMap<>())
                    .putAll(EndToEnd.points(s));
        }
        return out;
    }

    static long end(int interval) {
        return start + (interval + 1) * HOUR;
    }

    @Test
    void theShiftedFeatureFiresAtTheFirstEvaluationAgainstTheReference() throws Exception {
        assertTrue(
                publishOutput.contains("published ranker/1")
                        && publishOutput.contains(" to " + REFERENCES + " partition"),
                publishOutput);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            docs.add(json.readTree(r.value()));
        }
        assertEquals(1, docs.size(), docs.toString());
        JsonNode d = docs.get(0);
        assertEquals("request_length", d.get("feature").asText());
        assertEquals("1", d.get("model_version").asText());
        assertEquals("firing", d.get("state").asText());
        long t = Instant.parse(d.get("event_time").asText()).toEpochMilli();
        System.out.printf("REFERENCE request_length fired at evaluation %d%n", (t - start) / HOUR);
        assertTrue(t <= end(1), "within the first two evaluations: " + d);
        assertEquals("reference", d.at("/baseline_window/mode").asText());
        assertEquals(training.length, d.at("/baseline_window/samples").asLong());
        assertEquals(List.of(), EndToEnd.eventSchema().validate(d), d.toString());
    }

    @Test
    void everyScoreOfTheProfiledVersionIsAgainstTheReferenceAndTheFirstIsExactWithinTheSketch() {
        NavigableMap<Long, Double> ks = series.get("1/request_length/ml_feature_drift_score/ks/reference");
        assertEquals(
                List.of(end(0), end(1), end(2), end(3), end(4), end(5)),
                List.copyOf(ks.keySet()).subList(0, 6));
        double exact = KolmogorovSmirnov.test(
                        training,
                        production.stream().mapToDouble(Double::doubleValue).toArray())
                .statistic();
        System.out.printf("REFERENCE first KS D %.5f, exact on raw values %.5f%n", ks.get(end(0)), exact);
        assertEquals(exact, ks.get(end(0)), 0.01);
        assertEquals(
                training.length,
                series.get("1/request_length/ml_feature_drift_samples/baseline/reference")
                        .get(end(0)));
        NavigableMap<Long, Double> temperature = series.get("1/temperature/ml_feature_drift_firing/null/reference");
        assertTrue(
                temperature.size() >= 6 && temperature.values().stream().allMatch(v -> v == 0.0),
                temperature.toString());
        for (String key : series.keySet()) {
            if (key.startsWith("1/")
                    && !key.contains("/ml_feature_drift_samples/current/")
                    && !key.contains("/ml_feature_drift_samples/short/")) {
                assertTrue(key.endsWith("/reference"), key);
            }
        }
        // version 2 has no profile: its frozen fallback needs 30 days, so it is counted, never scored
        assertTrue(
                series.containsKey("2/request_length/ml_feature_drift_samples/current/null"),
                series.keySet().toString());
        assertTrue(series.keySet().stream().noneMatch(k -> k.startsWith("2/") && k.contains("score")));
    }

    @Test
    void aMalformedRecordIsDeadLetteredAndTheReferenceStays() {
        List<ConsumerRecord<byte[], byte[]>> refused = deadLetters.stream()
                .filter(r -> REFERENCES.equals(header(r, DeadLetterSerializationSchema.SOURCE_TOPIC)))
                .toList();
        assertEquals(1, refused.size());
        assertEquals("invalid_reference", header(refused.get(0), DeadLetterSerializationSchema.REASON));
        assertTrue(header(refused.get(0), DeadLetterSerializationSchema.DETAIL).contains("not a reference profile"));
        NavigableMap<Long, Double> firing = series.get("1/request_length/ml_feature_drift_firing/null/reference");
        // fired at the first or second evaluation (above), and stays so after the malformed record
        for (int k = 2; k < 6; k++) {
            assertEquals(1.0, firing.get(end(k)), "firing against the reference at evaluation " + k);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
