package io.driftwatch.devstack.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.catalog.CatalogMain;
import io.driftwatch.devstack.catalog.CatalogPublisher;
import io.driftwatch.devstack.confidence.Ticks;
import io.driftwatch.devstack.loadgen.CostLoadGenerator;
import io.driftwatch.devstack.loadgen.CostScenario;
import io.driftwatch.devstack.loadgen.CostTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.OtlpRecordSink;
import io.driftwatch.devstack.servers.PromSeries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics: the 35 days of
 * {@link CostScenario#report}, with a gpt-4o token price change that arrives through the catalog topic
 * while the job runs.
 *
 * <p>The job starts with a catalog file that has the H100 rate drop of day 20 only. The first 24 days
 * are written to Kafka; once the job has evaluated them, an invalid document is put on the catalog
 * topic (it must be dead-lettered and change nothing), then {@code catalog publish} publishes the full
 * dated catalog (gpt-4o cheaper from day 25, {@code effective-from}), then the remaining 11 days are
 * written. The document's own date says which hours it changes, so the result does not depend on when
 * it arrives, only that it arrives before the job evaluates day 25: every hourly cost equals the
 * BigDecimal computation with both changes ({@link ExpectedCostSeries}), to the micro-unit.
 */
class CostCatalogTopicITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String CATALOG_TOPIC = "ml.cost.catalog";
    static final String DEAD_LETTERS = "catalog-dead-letters";
    static final Duration WAIT = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    static EndToEnd stack;
    static CostScenario scenario;
    static ExpectedCostSeries expected;
    static ExpectedCostSeries fileOnly;
    static String fileVersion;
    static String topicVersion;
    static List<ConsumerRecord<byte[], byte[]>> deadLetters;
    static long publishedAfterHour;

    /** A record the load generator made, held back until the catalog is published. */
    record Held(String encoding, byte[] key, byte[] value, long t) {}

    @BeforeAll
    static void runWithACatalogChangeOnTheTopic() throws Exception {
        stack = EndToEnd.start();
        stack.kafka().createTopics(3, PROTO_TOPIC);
        stack.kafka().createTopics(2, JSON_TOPIC, CostJobITCase.EVENTS_TOPIC, DEAD_LETTERS);
        stack.kafka()
                .admin()
                .createTopics(
                        List.of(new NewTopic(CATALOG_TOPIC, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all()
                .get(30, TimeUnit.SECONDS);
        scenario =
                CostScenario.report(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)));
        Instant h100From = scenario.start().plus(Duration.ofDays(20));
        Instant gpt4oFrom = scenario.start().plus(Duration.ofDays(25));
        Instant never = scenario.end().plus(Duration.ofDays(365));
        long cut = scenario.start().plus(Duration.ofDays(24)).toEpochMilli();

        List<Held> later = new ArrayList<>();
        CostTruth truth;
        Map<String, String> topics = Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC);
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(stack.kafka().bootstrapServers(), topics)) {
            OtlpRecordSink split = (encoding, key, value, t) -> {
                if (t < cut) {
                    writer.send(encoding, key, value, t);
                } else {
                    later.add(new Held(encoding, key, value, t));
                }
            };
            truth = CostLoadGenerator.generate(scenario, split);
        }
        expected = ExpectedCostSeries.compute(
                scenario,
                truth,
                new ExpectedCostSeries.PriceChanges(h100From.toEpochMilli(), gpt4oFrom.toEpochMilli()));
        fileOnly = ExpectedCostSeries.compute(
                scenario, truth, new ExpectedCostSeries.PriceChanges(h100From.toEpochMilli(), never.toEpochMilli()));

        String fileCatalog = CostScenario.datedCatalog(h100From, never);
        String topicCatalog = CostScenario.datedCatalog(h100From, gpt4oFrom);
        fileVersion = CatalogDocument.versionOf(fileCatalog);
        topicVersion = CatalogDocument.versionOf(topicCatalog);
        Path catalog = Files.writeString(dir.resolve("prices.yaml"), fileCatalog);
        JobClient job = stack.runUnbounded(
                "cost-catalog-topic",
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.group-id=cost-catalog-topic",
                "kafka.dead-letter-topic=" + DEAD_LETTERS,
                "remote-write.extra-labels.run=catalog",
                "confidence.enabled=false",
                "cost.enabled=true",
                "cost.catalog-topic=" + CATALOG_TOPIC,
                "cost.catalog-file=" + catalog);
        Map<String, String> encodings = Map.of(PROTO_TOPIC, "otlp_proto", JSON_TOPIC, "otlp_json");
        try {
            Ticks.send(stack.kafka(), encodings, Instant.ofEpochMilli(cut));
            publishedAfterHour = awaitEvaluated(cut - 3_600_000L);

            // An invalid document (a negative price): dead-lettered, the catalog in force stays.
            String invalid = topicCatalog.replace("input: 2.00, output: 8.00", "input: -2.00, output: 8.00");
            try (KafkaProducer<byte[], byte[]> p =
                    new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(
                                CATALOG_TOPIC,
                                CatalogPublisher.KEY.getBytes(StandardCharsets.UTF_8),
                                invalid.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((deadLetters = stack.kafka().readCommitted(DEAD_LETTERS)).isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            // The new prices, the way a user publishes them.
            Path published = Files.writeString(dir.resolve("new-prices.yaml"), topicCatalog);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = CatalogMain.commandLine(new PrintStream(out, true), new PrintStream(err, true))
                    .execute(
                            "publish",
                            published.toString(),
                            "--bootstrap-servers",
                            stack.kafka().bootstrapServers(),
                            "--topic",
                            CATALOG_TOPIC);
            assertEquals(0, exit, err.toString());
            assertTrue(out.toString().startsWith("published catalog version " + topicVersion), out.toString());

            try (KafkaOtlpWriter writer = new KafkaOtlpWriter(stack.kafka().bootstrapServers(), topics)) {
                for (Held h : later) {
                    writer.send(h.encoding(), h.key(), h.value(), h.t());
                }
            }
            // Past the end and the last rolling windows, as the end of a bounded run would.
            Ticks.send(stack.kafka(), encodings, scenario.end().plus(Duration.ofDays(2)));
            awaitEvaluated(scenario.end().toEpochMilli() + 20 * 3_600_000L);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        stack.vm().flush();
    }

    static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        return p;
    }

    /** Waits until the job has evaluated the hour ending at or after {@code t}; returns the newest hour evaluated. */
    static long awaitEvaluated(long t) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            stack.vm().flush();
            long newest = catalogVersions().keySet().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(Long.MIN_VALUE);
            if (newest >= t) {
                return newest;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job has not evaluated " + Instant.ofEpochMilli(t) + " within " + WAIT
                        + " (newest: " + (newest == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(newest)) + ")");
            }
            Thread.sleep(500);
        }
    }

    /** Hour end → the version of {@code ml:cost:catalog_info} stamped there. */
    static NavigableMap<Long, String> catalogVersions() throws Exception {
        NavigableMap<Long, String> out = new TreeMap<>();
        for (PromSeries s : stack.vm().exportSeries("{__name__=\"ml:cost:catalog_info\",run=\"catalog\"}")) {
            for (Long t : EndToEnd.points(s).keySet()) {
                String before = out.put(t, s.label("version"));
                if (before != null) {
                    throw new AssertionError("two catalog versions at " + Instant.ofEpochMilli(t));
                }
            }
        }
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyHourlyCostIsPricedWithThePricesOfTheCatalogInForceToTheMicroUnit() throws Exception {
        Map<String, NavigableMap<Long, Double>> hourly = new TreeMap<>();
        for (PromSeries s : stack.vm().exportSeries("{__name__=\"ml:cost:hourly\",run=\"catalog\"}")) {
            hourly.put(
                    s.label("use_case") + "/" + s.label("model_name") + "/" + s.label("model_version"),
                    EndToEnd.points(s));
        }
        List<String> differences = new ArrayList<>();
        int hours = 0;
        int changedByTheTopic = 0;
        for (CostScenario.Service s : scenario.services()) {
            NavigableMap<Long, Double> job = hourly.get(s.useCase() + "/" + s.model() + "/" + s.version());
            for (var e : expected.pricedByKey.get(s.key()).entrySet()) {
                long micros = e.getValue().cost().movePointRight(6).longValueExact();
                Double have = job == null ? null : job.get(e.getKey());
                if (have == null || Math.round(have * 1e6) != micros) {
                    differences.add(s.key() + " at " + Instant.ofEpochMilli(e.getKey()) + ": expected "
                            + BigDecimal.valueOf(micros, 6) + ", VictoriaMetrics has " + have);
                }
                hours++;
                if (e.getValue()
                                .cost()
                                .compareTo(fileOnly.pricedByKey
                                        .get(s.key())
                                        .get(e.getKey())
                                        .cost())
                        != 0) {
                    changedByTheTopic++;
                }
            }
        }
        assertTrue(
                differences.isEmpty(),
                differences.size() + " hours differ, e.g. " + differences.subList(0, Math.min(10, differences.size())));
        assertTrue(hours > 35 * 24 * 3, "hours checked: " + hours);
        // gpt-4o's hours from day 25 cost less than the catalog file says: the topic's document priced them
        assertTrue(changedByTheTopic >= 5 * 24, "hours priced differently from the catalog file: " + changedByTheTopic);
    }

    @Test
    void theHoursCarryTheCatalogVersionThatPricedThem() throws Exception {
        NavigableMap<Long, String> versions = catalogVersions();
        assertEquals(
                List.of(fileVersion, topicVersion),
                versions.values().stream().distinct().toList(),
                "the file's version, then the published one; never the invalid one's");
        assertTrue(versions.headMap(publishedAfterHour, true).values().stream().allMatch(fileVersion::equals));
        assertEquals(topicVersion, versions.lastEntry().getValue());
    }

    @Test
    void theInvalidDocumentIsDeadLetteredWithItsProblems() {
        assertEquals(1, deadLetters.size(), "dead letters: " + deadLetters.size());
        ConsumerRecord<byte[], byte[]> d = deadLetters.get(0);
        assertEquals("invalid_catalog", header(d, DeadLetterSerializationSchema.REASON));
        assertEquals(CATALOG_TOPIC, header(d, DeadLetterSerializationSchema.SOURCE_TOPIC));
        String detail = header(d, DeadLetterSerializationSchema.DETAIL);
        int line = lineOf(new String(d.value(), StandardCharsets.UTF_8), "input: -2.00");
        assertEquals(
                "invalid_catalog: " + CATALOG_TOPIC + "@0:0:" + line + ": tokens[1].input: ",
                detail.substring(0, detail.indexOf(": ", detail.indexOf("tokens[1].input")) + 2),
                detail);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + text);
    }

    /** Month-to-date, projections, ratios, shares and idle cost agree too, as in {@link CostPriceChangeITCase}. */
    @Test
    void everyOtherSeriesAgreesWithTheIndependentComputation() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = new TreeMap<>();
        for (PromSeries s : stack.vm()
                .exportSeries("{__name__=~\"ml:cost:.*\",__name__!=\"ml:cost:catalog_info\",run=\"catalog\"}")) {
            String subject = new TreeMap<>(s.labels())
                    .entrySet().stream()
                            .filter(e -> !e.getKey().equals("__name__")
                                    && !e.getKey().equals("run"))
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(java.util.stream.Collectors.joining(","));
            actual.computeIfAbsent(subject, x -> new TreeMap<>()).put(s.label("__name__"), EndToEnd.points(s));
        }
        List<String> differences = expected.differences(actual);
        assertTrue(
                differences.isEmpty(),
                differences.size() + " differ, e.g. " + differences.subList(0, Math.min(10, differences.size())));
    }
}
