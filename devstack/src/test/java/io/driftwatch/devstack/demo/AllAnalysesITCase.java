package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.connectors.events.EventRecordSerializationSchema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.RemoteWriteRecorder;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding analyses to a job changes none of their results. The load generator's combined scenario, as
 * the demo's short run replays it ({@code --days 8d --baseline 5d}: five model versions over both
 * encodings, sampled spans, the confidence drop and the input shift after the 5-day baseline, the cost
 * hotspot, a malformed record; the process restart moved from day 11 to day 7, inside the 8 days), is
 * written into a real Kafka broker once. Then four bounded jobs on the MiniCluster read it, each with
 * the demo's job configuration ({@link DemoRunner#jobOverrides}: histogram and span features, the
 * price catalog {@code deploy/cost/prices.yaml}) and only the {@code *.enabled} switches set: all
 * analyses in one job, then confidence alone, feature drift alone, cost alone. Each run writes through
 * a {@link RemoteWriteRecorder} into its own real VictoriaMetrics, and into its own events and
 * dead-letter topics.
 *
 * <p>For each analysis, what it wrote in the all-in-one job must equal what it wrote alone:
 *
 * <ul>
 *   <li>its series (by name: {@code ml:confidence:*}, {@code ml_feature_drift_*}, {@code ml:cost:*}),
 *       as sent over remote write: the same label sets, and per series the same samples, timestamps
 *       and values bit for bit;
 *   <li>the same series read back from VictoriaMetrics ({@code /api/v1/export}, every raw sample): the
 *       same label sets and timestamps, and values equal to VictoriaMetrics' precision, within 1e-11 of
 *       the series' largest magnitude. It stores about 12 significant digits with one decimal exponent
 *       per block of a series' samples, so a small value beside large ones loses digits, and the blocks
 *       depend on when samples arrived: of bit-identical p-values ranging from 1e-16 to 1, two
 *       VictoriaMetrics returned e.g. 1.11E-16 and 1.1102E-16. Each run's VictoriaMetrics must also
 *       hold, to that precision, exactly the samples it was sent;
 *   <li>its events ({@code confidence_drift}, {@code feature_drift}, {@code cost_anomaly}), read with {@code read_committed}:
 *       per Kafka key the same records, document and headers byte for byte, in event-time order. No
 *       field of the schema depends on the run ({@code event_id} is derived from subject, state and
 *       event time). Not compared: the record timestamp (the time of publishing), the interleaving of
 *       different keys, and the topic order of one key's events: the single cost-anomaly instance
 *       hands its events to the parallel Kafka sink round-robin, so two anomalies of {@code
 *       contract_review} at the same event time came out in one order in the all-in-one job and in the
 *       other in the cost-alone job (either order can occur in any run).
 * </ul>
 *
 * <p><b>Numeric summaries.</b> These runs once set {@code drift.sketch-k=65535} so that no KLL sketch
 * compacted, since KLL's random compaction made span-feature scores differ between any two runs (issue
 * 12). Numeric summaries are now DDSketch bin counts, the same for any arrival order, so every run uses
 * the default configuration and this test asks exact equality of everything ({@link DeterminismITCase}
 * compares two runs of the same job).
 *
 * <p>Not vacuous: every run writes no series but its analyses'; the all-in-one job writes every series
 * the README documents for the three analyses, and the scenario's feature-drift and cost-anomaly events;
 * every run dead-letters the malformed record once. Each job is bounded to {@value #JOB_MINUTES} minutes.
 */
class AllAnalysesITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final Path CATALOG =
            Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("cost/prices.yaml");
    static final Duration DAYS = Duration.ofDays(8);
    static final Duration BASELINE = Duration.ofDays(5);
    static final byte[] GARBAGE = {0x0a, 0x7f, 0x01};
    static final long JOB_MINUTES = 3;
    /** VictoriaMetrics' storage precision, relative to the largest magnitude of a series. */
    static final double STORAGE_PRECISION = 1e-11;

    /** An analysis: its configuration section, the prefix of its series' names, the type of its events. */
    enum Analysis {
        CONFIDENCE("confidence", "confidence_drift", "ml:confidence:", "ml_confidence_"),
        // ml_driftwatch_event: the events as a series, written by feature drift and confidence (by its type label)
        FEATURE_DRIFT("drift", "feature_drift", "ml_feature_drift_", "ml_driftwatch_event"),
        COST("cost", "cost_anomaly", "ml:cost:");

        final String key;
        final List<String> prefixes;
        final String eventType;

        Analysis(String key, String eventType, String... prefixes) {
            this.key = key;
            this.prefixes = List.of(prefixes);
            this.eventType = eventType;
        }

        /** The analysis whose series {@code labels} is (ml_driftwatch_event: by its {@code type}), or null. */
        static Analysis of(Map<String, String> labels) {
            if ("ml_driftwatch_event".equals(labels.get("__name__")) && "confidence_drift".equals(labels.get("type"))) {
                return CONFIDENCE;
            }
            return of(labels.get("__name__"));
        }

        /** The analysis whose series {@code metricName} is, or null. */
        static Analysis of(String metricName) {
            for (Analysis a : values()) {
                if (a.prefixes.stream().anyMatch(metricName::startsWith)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** Series by label set ({@code __name__} included), each with its samples in time order. */
    record Series(Map<Map<String, String>, List<PromPoint>> byLabels) {
        Series of(Analysis a) {
            return new Series(byLabels.entrySet().stream()
                    .filter(e -> a == Analysis.of(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }

        long samples() {
            return byLabels.values().stream().mapToLong(List::size).sum();
        }
    }

    /** What one run left behind. */
    record Outcome(
            Set<Analysis> analyses,
            Series sent,
            Series stored,
            List<ConsumerRecord<byte[], byte[]>> events,
            List<ConsumerRecord<byte[], byte[]>> deadLetters,
            List<String> recorderFailures) {}

    @TempDir
    static Path tmp;

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static LoadScenario scenario;
    static final List<AutoCloseable> started = new ArrayList<>();
    /** By run name: "all", then each analysis' key. */
    static final Map<String, Outcome> runs = new LinkedHashMap<>();

    @BeforeAll
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    static void replayOnceThenRunEachComposition() throws Exception {
        long t0 = System.nanoTime();
        stack = EndToEnd.start();
        kafka = stack.kafka();
        kafka.createTopics(
                3, DemoRunner.PROTO_TOPIC, DemoRunner.JSON_TOPIC, DemoRunner.SPANS_TOPIC, DemoRunner.SPANS_JSON_TOPIC);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(DAYS.plusDays(1));
        LoadScenario.Builder builder = LoadScenario.builder()
                .start(start)
                .length(DAYS)
                .changesAfter(BASELINE)
                .options(Scenario.ALL);
        for (SimulatedModel m : LoadScenario.models(start, BASELINE, Scenario.ALL)) {
            // The scenario restarts llama-3-8b v2.1 on day 11; here on day 7, within the 8 days.
            builder.addModel(
                    m.restartAt() == null
                            ? m
                            : m.withRestart(start.plus(Duration.ofDays(6).plusMinutes(7))));
        }
        scenario = builder.build();
        assertEquals(
                1,
                scenario.models().stream()
                        .filter(m -> m.restartAt() != null && m.restartAt().isBefore(scenario.end()))
                        .count(),
                "one process restarts within the scenario");
        try (KafkaOtlpWriter metrics = new KafkaOtlpWriter(
                        kafka.bootstrapServers(),
                        Map.of("otlp_proto", DemoRunner.PROTO_TOPIC, "otlp_json", DemoRunner.JSON_TOPIC));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(
                        kafka.bootstrapServers(),
                        Map.of("otlp_proto", DemoRunner.SPANS_TOPIC, "otlp_json", DemoRunner.SPANS_JSON_TOPIC))) {
            LoadGenerator.replay(scenario, metrics, spans, (rounds, total) -> {});
            metrics.sendRaw(
                    DemoRunner.PROTO_TOPIC,
                    "demo-garbage".getBytes(StandardCharsets.UTF_8),
                    GARBAGE,
                    scenario.start().toEpochMilli());
            metrics.flush();
            spans.flush();
            System.out.printf(
                    "TIMING replayed %,d metrics and %,d span records in %.1f s%n",
                    metrics.records(), spans.records(), (System.nanoTime() - t0) / 1e9);
        }
        run("all", EnumSet.allOf(Analysis.class));
        for (Analysis a : Analysis.values()) {
            run(a.key, EnumSet.of(a));
        }
        System.out.printf("TIMING everything in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** One bounded job with {@code analyses} enabled, into its own VictoriaMetrics and topics. */
    static void run(String name, Set<Analysis> analyses) throws Exception {
        long t0 = System.nanoTime();
        VictoriaMetricsServer vm = VictoriaMetricsServer.start();
        started.add(vm);
        RemoteWriteRecorder recorder = RemoteWriteRecorder.start(vm.writeUrl());
        started.add(recorder);
        String events = "events." + name;
        String deadLetters = "dead-letters." + name;
        kafka.createTopics(1, events, deadLetters);
        Path checkpoints = Files.createDirectories(tmp.resolve("checkpoints-" + name));

        DemoRunner.Options demo = DemoRunner.Options.parse(
                "--days", DAYS.toDays() + "d", "--baseline", BASELINE.toDays() + "d", "--no-wait");
        List<String> overrides = new ArrayList<>(
                DemoRunner.jobOverrides(demo, kafka.bootstrapServers(), checkpoints.toUri(), recorder.writeUrl()));
        overrides.addAll(List.of(
                "job-name=all-analyses-" + name,
                "kafka.group-id=all-analyses-" + name,
                "kafka.dead-letter-topic=" + deadLetters,
                "output.events-topic=" + events,
                "cost.catalog-file=" + CATALOG,
                "flink.parallelism=2",
                "flink.checkpoint-interval=10s"));
        for (Analysis a : Analysis.values()) {
            overrides.add(a.key + ".enabled=" + analyses.contains(a));
        }
        DriftwatchConfig config = DriftwatchConfig.load(null, overrides);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftwatchJob.flinkConfiguration(config));
        DriftwatchJob.build(env, config);
        JobClient job = env.executeAsync(config.jobName());
        try {
            job.getJobExecutionResult().get(JOB_MINUTES, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            job.cancel().get(30, TimeUnit.SECONDS);
            fail("the " + name + " job did not read the replay within " + JOB_MINUTES + " minutes");
        }
        vm.flush();

        Map<Map<String, String>, List<PromPoint>> stored = new HashMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=~\".+\"}")) {
            assertEquals(null, stored.put(s.labels(), s.points()), "one export line per series");
        }
        Outcome outcome = new Outcome(
                analyses,
                new Series(recorder.samples()),
                new Series(stored),
                kafka.readCommitted(events),
                kafka.readCommitted(deadLetters),
                recorder.failures());
        runs.put(name, outcome);
        System.out.printf(
                "TIMING run %s in %.1f s: %d series, %,d samples sent in %d requests, %d events%n",
                name,
                (System.nanoTime() - t0) / 1e9,
                outcome.sent().byLabels().size(),
                outcome.sent().samples(),
                recorder.requests(),
                outcome.events().size());
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable c = started.get(i);
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("could not stop " + c + ": " + e);
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    // ---- the comparisons

    @Test
    void eachAnalysisSendsBitIdenticalSamplesInTheAllInOneJobAndAlone() {
        assertAll(Arrays.stream(Analysis.values()).map(a -> () -> {
            Series alone = runs.get(a.key).sent().of(a);
            Series together = runs.get("all").sent().of(a);
            String diff = diff(alone, together, AllAnalysesITCase::sameBits);
            assertTrue(diff.isEmpty(), a + ": remote-write samples alone (-) and in the all-in-one job (+): " + diff);
            System.out.printf(
                    "EQUAL %s: %d series, %,d samples sent, bit for bit%n",
                    a, alone.byLabels().size(), alone.samples());
        }));
    }

    @Test
    void eachAnalysisHasTheSameRawSamplesInVictoriaMetricsInTheAllInOneJobAndAlone() {
        assertAll(Arrays.stream(Analysis.values()).map(a -> () -> {
            Series alone = runs.get(a.key).stored().of(a);
            Series together = runs.get("all").stored().of(a);
            String diff = diff(alone, together, AllAnalysesITCase::sameToStoragePrecision);
            assertTrue(
                    diff.isEmpty(),
                    a + ": samples exported by VictoriaMetrics alone (-) and in the all-in-one job (+): " + diff);
            String bits = diff(alone, together, AllAnalysesITCase::sameBits);
            System.out.printf(
                    "EQUAL %s: %d series, %,d samples in VictoriaMetrics%s%n",
                    a,
                    alone.byLabels().size(),
                    alone.samples(),
                    bits.isEmpty()
                            ? ", bit for bit"
                            : "; not bit for bit: " + bits.lines().findFirst().orElseThrow());
        }));
    }

    @Test
    void everyRunsVictoriaMetricsHoldsTheSamplesItWasSent() {
        assertAll(runs.entrySet().stream().map(run -> () -> {
            Outcome o = run.getValue();
            String diff = diff(o.sent(), o.stored(), AllAnalysesITCase::sameToStoragePrecision);
            assertTrue(diff.isEmpty(), run.getKey() + ": sent (-) and exported by VictoriaMetrics (+): " + diff);
        }));
    }

    @Test
    void eachAnalysisPublishesTheSameEventsInTheAllInOneJobAndAlone() throws Exception {
        assertAll(Arrays.stream(Analysis.values()).map(a -> () -> {
            Map<String, List<String>> alone = events(a, runs.get(a.key).events());
            Map<String, List<String>> together = events(a, runs.get("all").events());
            assertEquals(alone, together, a + ": events per key, alone and in the all-in-one job");
            System.out.printf(
                    "EQUAL %s: %d events of %d keys%n",
                    a, alone.values().stream().mapToInt(List::size).sum(), alone.size());
        }));
        assertEquals(
                1,
                events(Analysis.CONFIDENCE, runs.get("all").events()).size(),
                "confidence_drift events of one group: the confidence drop");
    }

    // ---- not vacuous

    @Test
    void everyRunWritesTheSeriesOfItsAnalysesOnlyAndTheAllInOneJobWritesEveryDocumentedSeries() {
        for (var run : runs.entrySet()) {
            Outcome o = run.getValue();
            assertEquals(List.of(), o.recorderFailures(), run.getKey() + ": remote-write requests not forwarded");
            for (Series series : List.of(o.sent(), o.stored())) {
                Set<Analysis> written = EnumSet.noneOf(Analysis.class);
                for (Map<String, String> labels : series.byLabels().keySet()) {
                    Analysis a = Analysis.of(labels);
                    assertTrue(
                            o.analyses().contains(a),
                            run.getKey() + " wrote " + labels + ", not a series of " + o.analyses());
                    written.add(a);
                }
                assertEquals(o.analyses(), written, run.getKey() + ": analyses with series");
            }
        }
        Map<Analysis, Set<String>> names = new EnumMap<>(Analysis.class);
        for (Map<String, String> labels : runs.get("all").sent().byLabels().keySet()) {
            names.computeIfAbsent(Analysis.of(labels), a -> new TreeSet<>()).add(labels.get("__name__"));
        }
        // README: "Confidence baselines", "Feature drift" and "Cost analytics", every series listed there.
        assertEquals(
                Map.of(
                        Analysis.CONFIDENCE,
                        Set.of(
                                "ml:confidence:current_avg",
                                "ml:confidence:current_count",
                                "ml:confidence:low_ratio",
                                "ml:confidence:baseline_avg",
                                "ml:confidence:baseline_stddev",
                                "ml:confidence:adaptive_threshold",
                                "ml:confidence:drift_ratio",
                                "ml:confidence:alert_threshold", // the short window's fire level
                                "ml_confidence_drift_firing",
                                "ml_driftwatch_event"),
                        Analysis.FEATURE_DRIFT,
                        Set.of(
                                "ml_feature_drift_score",
                                "ml_feature_drift_pvalue",
                                "ml_feature_drift_samples",
                                "ml_feature_drift_firing",
                                "ml_feature_drift_threshold",
                                "ml_driftwatch_event"),
                        Analysis.COST,
                        Set.of(
                                "ml:cost:hourly",
                                "ml:cost:rolling_24h",
                                "ml:cost:inferences_hourly",
                                "ml:cost:per_inference",
                                "ml:cost:per_successful_inference",
                                "ml:cost:catalog_info",
                                "ml:cost:tokens_per_currency_unit",
                                "ml:cost:cost_to_value_ratio",
                                "ml:cost:month_to_date",
                                "ml:cost:projected_month_end",
                                "ml:cost:gpu_share",
                                "ml:cost:volume_share",
                                "ml:cost:budget_burn_ratio",
                                "ml:cost:idle_gpu")),
                names);
        // Both feature sources and every method: histograms, numeric and categorical span attributes.
        Set<String> features = new TreeSet<>();
        for (Map<String, String> labels : runs.get("all").sent().byLabels().keySet()) {
            if (labels.get("__name__").equals("ml_feature_drift_score")) {
                features.add(labels.get("feature") + "/" + labels.get("method"));
            }
        }
        assertEquals(
                Set.of(
                        "input_length/ks",
                        "input_length/psi",
                        "input_length/js",
                        "output_length/ks",
                        "output_length/psi",
                        "output_length/js",
                        "request_length/ks",
                        "request_length/psi",
                        "request_length/js",
                        "request_length/wasserstein",
                        "response_length/ks",
                        "response_length/psi",
                        "response_length/js",
                        "response_length/wasserstein",
                        "channel/psi",
                        "channel/js",
                        "channel/chi2"),
                features);
    }

    @Test
    void theAllInOneJobPublishesTheScenariosFeatureDriftsAndCostAnomalies() throws Exception {
        Set<String> shifted = new TreeSet<>();
        Set<String> costly = new TreeSet<>();
        for (SimulatedModel m : scenario.models()) {
            if (m.featureShiftAt() != null) {
                for (String f : List.of("input_length", "output_length", "request_length", "response_length")) {
                    shifted.add(m.modelName() + "/" + m.modelVersion() + "/" + f);
                }
            }
            if (m.volume() != 1) {
                costly.add(m.useCase());
            }
        }
        assertFalse(shifted.isEmpty() || costly.isEmpty(), "the scenario as this test knows it");
        assertEquals(
                shifted,
                events(Analysis.FEATURE_DRIFT, runs.get("all").events()).keySet());
        assertEquals(costly, events(Analysis.COST, runs.get("all").events()).keySet());
        ObjectMapper json = new ObjectMapper();
        Set<String> anomalies = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : runs.get("all").events()) {
            JsonNode doc = json.readTree(r.value());
            if (doc.get("type").asText().equals("cost_anomaly")) {
                anomalies.add(
                        doc.get("anomaly").asText() + " " + doc.get("state").asText());
            }
        }
        assertTrue(anomalies.contains("gpu_cost_share_above_volume_share firing"), anomalies.toString());
    }

    @Test
    void everyRunDeadLettersTheMalformedRecordOnce() {
        for (var run : runs.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> letters = run.getValue().deadLetters();
            assertEquals(1, letters.size(), run.getKey());
            assertTrue(Arrays.equals(GARBAGE, letters.get(0).value()), run.getKey());
            assertEquals(
                    "undecodable",
                    new String(
                            letters.get(0)
                                    .headers()
                                    .lastHeader(DeadLetterSerializationSchema.REASON)
                                    .value(),
                            StandardCharsets.UTF_8),
                    run.getKey());
        }
        assertEquals(
                List.of(), kafka.readCommitted("driftwatch.remote-write.dead-letters"), "samples rejected by a server");
    }

    // ---- helpers

    static boolean sameBits(PromPoint a, PromPoint b, double largest) {
        return a.timestampMs() == b.timestampMs()
                && Double.doubleToRawLongBits(a.value()) == Double.doubleToRawLongBits(b.value());
    }

    static boolean sameToStoragePrecision(PromPoint a, PromPoint b, double largest) {
        return a.timestampMs() == b.timestampMs()
                && (Double.compare(a.value(), b.value()) == 0
                        || Math.abs(a.value() - b.value()) <= STORAGE_PRECISION * largest);
    }

    /** Equality of two samples, given the largest finite magnitude of their series in both runs. */
    interface SampleEquality {
        boolean test(PromPoint a, PromPoint b, double largest);
    }

    /**
     * The differences of two sets of series (label sets, sample counts, then samples by {@code same}),
     * with up to 20 examples; empty when there are none.
     */
    static String diff(Series expected, Series actual, SampleEquality same) {
        Set<Map<String, String>> labelSets = new HashSet<>(expected.byLabels().keySet());
        labelSets.addAll(actual.byLabels().keySet());
        List<Map<String, String>> sorted = new ArrayList<>(labelSets);
        sorted.sort(Comparator.comparing(l -> new TreeMap<>(l).toString()));
        List<String> examples = new ArrayList<>();
        long differing = 0;
        for (Map<String, String> labels : sorted) {
            List<PromPoint> e = expected.byLabels().get(labels);
            List<PromPoint> a = actual.byLabels().get(labels);
            if (e == null || a == null || e.size() != a.size()) {
                differing++;
                examples.add(new TreeMap<>(labels) + ": " + (e == null ? "no" : e.size()) + " samples (-), "
                        + (a == null ? "no" : a.size()) + " (+)");
                continue;
            }
            double largest = 0;
            for (PromPoint p : e) {
                largest = Double.isFinite(p.value()) ? Math.max(largest, Math.abs(p.value())) : largest;
            }
            for (PromPoint p : a) {
                largest = Double.isFinite(p.value()) ? Math.max(largest, Math.abs(p.value())) : largest;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!same.test(e.get(i), a.get(i), largest)) {
                    differing++;
                    examples.add(new TreeMap<>(labels) + " sample " + i + ": -" + e.get(i) + " +" + a.get(i));
                }
            }
        }
        if (differing == 0 && !expected.byLabels().isEmpty()) {
            return "";
        }
        return differing + " differences in " + expected.samples() + " (-) and " + actual.samples()
                + " (+) samples of " + labelSets.size() + " series\n"
                + String.join("\n", examples.subList(0, Math.min(20, examples.size())));
    }

    /**
     * The events of {@code a}'s type, per Kafka key, each as its headers and document, ordered by event
     * time, then by that text; checks on the way that every record's headers repeat its document's {@code
     * type} and {@code event_id}.
     */
    static Map<String, List<String>> events(Analysis a, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, TreeMap<String, String>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String doc = new String(r.value(), StandardCharsets.UTF_8);
            JsonNode parsed = json.readTree(doc);
            String type = header(r, EventRecordSerializationSchema.EVENT_TYPE);
            assertEquals(parsed.get("type").asText(), type, doc);
            assertEquals(parsed.get("event_id").asText(), header(r, EventRecordSerializationSchema.EVENT_ID), doc);
            if (type.equals(a.eventType)) {
                StringBuilder headers = new StringBuilder();
                for (Header h : r.headers()) {
                    headers.append(h.key())
                            .append('=')
                            .append(new String(h.value(), StandardCharsets.UTF_8))
                            .append(' ');
                }
                String text = headers + doc;
                String order = String.format(
                        "%020d %s",
                        Instant.parse(parsed.get("event_time").asText()).toEpochMilli(), text);
                assertEquals(
                        null,
                        byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new TreeMap<>())
                                .put(order, text),
                        "an event twice: " + text);
            }
        }
        Map<String, List<String>> ordered = new TreeMap<>();
        byKey.forEach((key, texts) -> ordered.put(key, List.copyOf(texts.values())));
        return ordered;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
