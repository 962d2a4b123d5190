package io.driftwatch.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.devstack.loadgen.CollectorRemoteWrite;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules against real data: the load generator's combined scenario (every
 * {@link Scenario} option, 35 days) goes through a real Kafka broker into the Driftwatch job on a
 * Flink MiniCluster (local, started by the job's environment), which remote-writes into a real VictoriaMetrics; a stand-in for the collector's
 * remote write ({@link CollectorRemoteWrite}) adds the raw series of the last two days, and
 * VictoriaMetrics scrapes the MiniCluster's Prometheus reporter for the engine-health panels. Then
 * every panel query and template variable of deploy/grafana/dashboards must return data, and
 * Debian's {@code vmalert}, replaying deploy/vmalert/rules.yaml over the scenario, must fire each
 * alert for exactly the scenario's affected models or use cases.
 */
class DashboardQueriesITCase {

    static final int REPORTER_PORT = freePort();

    /**
     * Which models (model_name/model_version) or use cases each alert must fire for, and no other: the
     * scenario's degraded model for the confidence alerts, its drifted model for feature drift, its
     * costly use case (slow, 1.2 s median) for latency and budget; nobody errs above 5 %.
     */
    static final Map<String, Set<String>> EXPECTED_ALERTS = Map.of(
            "ModelConfidenceBelowAdaptiveThreshold", Set.of("fraud-detector/v2"),
            "ModelConfidenceDrift", Set.of("fraud-detector/v2"),
            "ModelLowConfidenceShareHigh", Set.of("fraud-detector/v2"),
            "ModelInferenceLatencyOverSLO", Set.of("mixtral-8x7b/v1"),
            "ModelErrorRateHigh", Set.of(),
            "ModelFeatureDrift", Set.of("fraud-detector/v1"),
            "ProjectedMonthEndOverBudget", Set.of("contract_review"),
            "CostSpikeForTheHourOfTheWeek", Set.of(),
            "CostCatalogVersionChanged", Set.of());

    /** Grafana's $__rate_interval for series exported every 5 minutes: four export intervals. */
    static final String RATE_INTERVAL = "20m";

    static final Duration STEP = Duration.ofHours(1);
    static final Path DEPLOY = Path.of("").toAbsolutePath().resolveSibling("deploy");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");

    @TempDir
    static Path tmp;

    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static LoadScenario scenario;
    static Instant queryEnd;

    @BeforeAll
    static void fill() throws Exception {
        kafka = EmbeddedKafka.start();
        Path scrape = tmp.resolve("scrape.yaml");
        Files.writeString(
                scrape,
                String.join(
                        "\n",
                        "scrape_configs:",
                        "  - job_name: flink",
                        "    scrape_interval: 1s",
                        "    static_configs:",
                        "      - targets: ['127.0.0.1:" + REPORTER_PORT + "']",
                        ""));
        vm = VictoriaMetricsServer.builder()
                .extraFlags("-promscrape.config=" + scrape)
                .start();
        kafka.createTopics(3, "otlp_metrics");
        kafka.createTopics(2, "otlp_metrics_json", "otlp_spans", "otlp_spans_json");
        kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters", "ml.drift.events");
        scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)))
                .length(Duration.ofDays(35))
                .options(Scenario.ALL)
                // ~2,900 span values per feature and 24-hour window: ModelFeatureDrift's KS level (D >= 0.05
                // from 1,000 samples) is then far above sampling noise (at the default 0.1, ~1,150 values, a
                // stable feature's D reaches 0.05 in about 1 % of the windows).
                .spanSampleRatio(0.25)
                .build();
        long rawFrom = scenario.end().minus(Duration.ofDays(2)).toEpochMilli();
        CollectorRemoteWrite collector = new CollectorRemoteWrite();
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                        kafka.bootstrapServers(),
                        Map.of("otlp_proto", "otlp_metrics", "otlp_json", "otlp_metrics_json"));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(
                        kafka.bootstrapServers(), Map.of("otlp_proto", "otlp_spans", "otlp_json", "otlp_spans_json"))) {
            LoadGenerator.replay(
                    scenario,
                    (encoding, key, value, t) -> {
                        writer.send(encoding, key, value, t);
                        if (t >= rawFrom) {
                            collector.add(encoding, value);
                        }
                    },
                    spans,
                    (rounds, total) -> {});
            // One undecodable record: the dead-letter panel must show exactly one.
            writer.sendRaw(
                    "otlp_metrics",
                    "garbage".getBytes(StandardCharsets.UTF_8),
                    new byte[] {0x0a, 0x7f, 0x01},
                    scenario.start().plus(Duration.ofDays(3)).toEpochMilli());
        }
        collector.writeTo(vm.baseUrl());

        DriftwatchConfig config = DriftwatchConfig.load(
                null,
                List.of(
                        "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "kafka.inputs[0].topic=otlp_metrics",
                        "kafka.inputs[0].encoding=otlp_proto",
                        "kafka.inputs[1].topic=otlp_metrics_json",
                        "kafka.inputs[1].encoding=otlp_json",
                        "kafka.bounded=true",
                        "drift.spans.enabled=true",
                        "drift.spans.inputs[0].topic=otlp_spans",
                        "drift.spans.inputs[0].encoding=otlp_proto",
                        "drift.spans.inputs[1].topic=otlp_spans_json",
                        "drift.spans.inputs[1].encoding=otlp_json",
                        // the roll-ups dashboard's series; the other dashboards and the alerts filter rollup=""
                        "drift.rollups=model,fleet",
                        "confidence.rollups=model_version,model,fleet",
                        "cost.enabled=true",
                        "cost.catalog-file=" + DEPLOY.resolve("cost/prices.yaml"),
                        "remote-write.url=" + vm.writeUrl(),
                        "flink.parallelism=2",
                        "flink.checkpoint-interval=2s",
                        // Beyond the in-memory checkpoints' 5 MB: the feature-drift state of 35 days with spans.
                        "flink.checkpoint-dir=" + tmp.resolve("checkpoints").toUri()));
        // A local MiniCluster from this configuration, with Flink's Prometheus reporter on REPORTER_PORT.
        Configuration flink = DriftwatchJob.flinkConfiguration(config);
        flink.setString(
                "metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        flink.setString("metrics.reporter.prom.port", Integer.toString(REPORTER_PORT));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        DriftwatchJob.build(env, config);
        env.execute("driftwatch-dashboards");
        vm.flush();
        waitForScrapedDeadLetter();
        queryEnd = Instant.now();
        replayAlerts();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            vm.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyPanelQueryReturnsData() throws Exception {
        List<String> empty = new ArrayList<>();
        int run = 0;
        for (Path file : DeployFilesTest.dashboardFiles()) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                String id = file.getFileName() + "#" + panel.path("id").asInt();
                for (JsonNode target : panel.path("targets")) {
                    String where = id + "/" + target.path("refId").asText();
                    String expr = substitute(target.path("expr").asText());
                    run++;
                    if (!hasData(expr)) {
                        empty.add(where + " \"" + panel.path("title").asText() + "\": " + expr);
                    }
                }
            }
        }
        assertTrue(empty.isEmpty(), "panel queries without data:\n  " + String.join("\n  ", empty));
        assertTrue(run >= 30, "ran only " + run + " queries");
    }

    /** The annotation queries mark something in this scenario: its drift events and drifting periods. */
    @Test
    void everyAnnotationQueryReturnsData() throws Exception {
        List<String> empty = new ArrayList<>();
        int run = 0;
        for (Path file : DeployFilesTest.dashboardFiles()) {
            for (JsonNode a : JSON.readTree(file.toFile()).path("annotations").path("list")) {
                String expr = substitute(a.path("expr").asText());
                run++;
                if (!hasData(expr)) {
                    empty.add(
                            file.getFileName() + " annotation " + a.path("name").asText() + ": " + expr);
                }
            }
        }
        assertTrue(empty.isEmpty(), "annotation queries without data:\n  " + String.join("\n  ", empty));
        assertTrue(run >= 3, "ran only " + run + " annotation queries");
    }

    @Test
    void everyTemplateVariableHasValues() throws Exception {
        Pattern labelValues = Pattern.compile("label_values\\((.*), *(\\w+)\\)");
        for (Path file : DeployFilesTest.dashboardFiles()) {
            for (JsonNode variable :
                    JSON.readTree(file.toFile()).path("templating").path("list")) {
                String where = file.getFileName() + "$" + variable.path("name").asText();
                Matcher m =
                        labelValues.matcher(variable.path("query").path("query").asText());
                assertTrue(m.matches(), where + ": not a label_values(selector, label) query");
                // label_values(selector, label) lists the label's values among the selected series.
                assertTrue(
                        hasData("count by (" + m.group(2) + ") (" + substitute(m.group(1)) + ")"),
                        where + ": no values");
            }
        }
    }

    /** The engine-health panel counts what the job dead-lettered: the one undecodable record sent. */
    @Test
    void deadLetterPanelShowsTheOneUndecodableRecord() throws Exception {
        assertEquals(
                1.0,
                vm.query(
                                "sum(max_over_time(flink_taskmanager_job_task_operator_driftwatch_dead_letters[1h]))",
                                queryEnd)
                        .singleValue());
    }

    @Test
    void alertsFireForTheScenariosModelsAndUseCasesOnly() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(DEPLOY.resolve("vmalert/rules.yaml").toFile());
        Set<String> alertNames = new TreeSet<>();
        rules.path("groups")
                .forEach(g -> g.path("rules")
                        .forEach(r -> alertNames.add(r.path("alert").asText())));
        assertEquals(new TreeSet<>(EXPECTED_ALERTS.keySet()), alertNames, "an expectation for every alert");

        Map<String, Set<String>> fired = new TreeMap<>();
        Map<String, Set<String>> firedSeries = new TreeMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=\"ALERTS\",alertstate=\"firing\"}")) {
            String who = s.labels().containsKey("model_name")
                    ? s.label("model_name") + "/" + s.label("model_version")
                    : s.label("use_case");
            fired.computeIfAbsent(s.label("alertname"), a -> new TreeSet<>()).add(who);
            firedSeries
                    .computeIfAbsent(s.label("alertname"), a -> new TreeSet<>())
                    .add(s.labels() + " from "
                            + Instant.ofEpochMilli(s.points().get(0).timestampMs()));
        }
        for (var e : EXPECTED_ALERTS.entrySet()) {
            assertEquals(
                    e.getValue(),
                    fired.getOrDefault(e.getKey(), Set.of()),
                    e.getKey() + " fired for: " + firedSeries.getOrDefault(e.getKey(), Set.of()));
        }
    }

    /** Template variables as Grafana substitutes them with "All" selected ({@code allValue: .*}). */
    static String substitute(String expr) {
        return VARIABLE.matcher(expr.replace("$__rate_interval", RATE_INTERVAL)).replaceAll(".*");
    }

    /**
     * Whether the query gives at least one value when evaluated over the scenario and up to now, as a
     * dashboard whose time range covers both (Driftwatch's series stand at the replayed event times,
     * the engine's at the wall-clock time of the run). Instant panels are evaluated the same way.
     */
    static boolean hasData(String expr) throws IOException {
        return vm.queryRange(expr, queryStart(), queryEnd, STEP).series().stream()
                .anyMatch(s -> !s.points().isEmpty());
    }

    /** A start that puts the range query's last step exactly at {@link #queryEnd}. */
    static Instant queryStart() {
        long steps = Duration.between(scenario.start(), queryEnd).toMillis() / STEP.toMillis() + 1;
        return queryEnd.minus(STEP.multipliedBy(steps));
    }

    /** vmalert's replay mode: evaluates every rule over the scenario and writes ALERTS back. */
    static void replayAlerts() throws Exception {
        List<String> command = List.of(
                "/usr/bin/vmalert",
                "-rule=" + DEPLOY.resolve("vmalert/rules.yaml"),
                "-datasource.url=" + vm.baseUrl(),
                "-remoteWrite.url=" + vm.baseUrl(),
                "-replay.timeFrom=" + scenario.start(),
                "-replay.timeTo=" + scenario.end().plus(Duration.ofHours(1)),
                "-replay.rulesDelay=0s",
                // Query each group at its own interval: the default step (5m) would leave the 1m group's
                // alerts with gaps, and an alert with gaps never stays pending long enough to fire.
                "-datasource.queryStep=0s",
                "-replay.maxDatapointsPerQuery=10000",
                "-replay.disableProgressBar");
        Path log = tmp.resolve("vmalert-replay.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("vmalert replay did not finish in 3 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), "vmalert replay failed:\n" + output);
        vm.flush();
    }

    static void waitForScrapedDeadLetter() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (vm.query(
                        "max_over_time(flink_taskmanager_job_task_operator_driftwatch_dead_letters[10m])",
                        Instant.now())
                .series()
                .isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("VictoriaMetrics scraped no Flink metrics from port " + REPORTER_PORT);
            }
            Thread.sleep(500);
            vm.flush();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
