package io.driftwatch.devstack.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.CostLoadGenerator;
import io.driftwatch.devstack.loadgen.CostScenario;
import io.driftwatch.devstack.loadgen.CostTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.PromSeries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-pricing history end to end (real Kafka, a Flink MiniCluster, a real VictoriaMetrics): the 35 days
 * of {@link CostScenario#report} are priced live with the undated catalog, then {@code cost reprice}
 * re-prices them from day 5 with a third catalog (H100 20 % cheaper from day 8, gpt-4o cheaper from
 * day 12). The {@code pricing="third"} series equal {@link ExpectedCostSeries}' BigDecimal
 * computation of a run starting on day 5, hourly costs to the micro-unit; the live series export the
 * same bytes before and after; no event is written; the summary's totals are the independent sums.
 */
class CostRepriceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String LIVE = "{__name__=~\"ml:cost:.*\",run=\"reprice\",pricing=\"\"}";

    @TempDir
    static Path dir;

    static EndToEnd stack;
    static CostScenario scenario;
    static ExpectedCostSeries live;
    static ExpectedCostSeries repriced;
    static long from;
    static String thirdVersion;
    static List<String> liveBefore;
    static List<String> liveAfter;
    static int eventsBefore;
    static int eventsAfter;
    static String summary;
    static String firstSummary;
    static long until;
    static String boundedSummary;

    @BeforeAll
    static void priceLiveThenReprice() throws Exception {
        stack = EndToEnd.start();
        stack.kafka().createTopics(3, PROTO_TOPIC);
        stack.kafka().createTopics(2, JSON_TOPIC, CostJobITCase.EVENTS_TOPIC);
        scenario =
                CostScenario.report(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)));
        CostTruth truth;
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                stack.kafka().bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
            truth = CostLoadGenerator.generate(scenario, writer);
        }
        Instant h100From = scenario.start().plus(Duration.ofDays(8));
        Instant gpt4oFrom = scenario.start().plus(Duration.ofDays(12));
        from = scenario.start().plus(Duration.ofDays(5)).toEpochMilli();
        live = ExpectedCostSeries.compute(scenario, truth);
        repriced = ExpectedCostSeries.compute(
                scenario,
                truth,
                new ExpectedCostSeries.PriceChanges(h100From.toEpochMilli(), gpt4oFrom.toEpochMilli()),
                from);

        Path liveCatalog = Files.writeString(dir.resolve("prices.yaml"), CostScenario.reportCatalog());
        String third = CostScenario.datedCatalog(h100From, gpt4oFrom);
        thirdVersion = CatalogDocument.versionOf(third);
        Path thirdCatalog = Files.writeString(dir.resolve("third.yaml"), third);
        List<String> common = List.of(
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.group-id=cost-reprice",
                "remote-write.extra-labels.run=reprice",
                "confidence.enabled=false",
                "cost.enabled=true",
                "cost.catalog-file=" + liveCatalog);
        stack.runBounded("cost-live", common.toArray(String[]::new));
        liveBefore = exportLines(LIVE);
        eventsBefore = stack.kafka().readCommitted(CostJobITCase.EVENTS_TOPIC).size();

        List<String> args = new ArrayList<>(List.of(
                "reprice",
                "--from",
                Instant.ofEpochMilli(from).toString(),
                "--catalog",
                thirdCatalog.toString(),
                "--name",
                "third"));
        for (String o : overrides(common)) {
            args.add("--set");
            args.add(o);
        }
        firstSummary = run(args);
        stack.vm().flush();
        args.add("--summary-only");
        summary = run(args);
        // the same catalog, bounded by --until: stops at the records of that hour
        until = from + 10 * 24 * ExpectedCostSeries.HOUR;
        List<String> bounded = new ArrayList<>(args.subList(0, args.size() - 1));
        bounded.set(bounded.indexOf("third"), "upto");
        bounded.addAll(List.of("--until", Instant.ofEpochMilli(until).toString()));
        boundedSummary = run(bounded);
        liveAfter = exportLines(LIVE);
        eventsAfter = stack.kafka().readCommitted(CostJobITCase.EVENTS_TOPIC).size();
    }

    static List<String> overrides(List<String> common) {
        List<String> o = new ArrayList<>(common);
        o.add("kafka.bootstrap-servers=" + stack.kafka().bootstrapServers());
        o.add("remote-write.url=" + stack.vm().writeUrl());
        o.add("flink.parallelism=2");
        o.add("flink.checkpoint-interval=2s");
        return o;
    }

    static String run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CostMain.commandLine(new PrintStream(out, true), new PrintStream(err, true))
                .execute(args.toArray(String[]::new));
        assertEquals(0, exit, err.toString());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The raw export of {@code selector} ({@code /api/v1/export}, JSON lines), sorted: the stored bytes. */
    static List<String> exportLines(String selector) throws Exception {
        stack.vm().flush();
        URI uri = stack.vm()
                .baseUrl()
                .resolve("/api/v1/export?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body().lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theRepricedSeriesEqualTheIndependentComputation() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = new TreeMap<>();
        for (PromSeries s : stack.vm()
                .exportSeries(
                        "{__name__=~\"ml:cost:.*\",__name__!=\"ml:cost:catalog_info\",run=\"reprice\",pricing=\"third\"}")) {
            String subject = new TreeMap<>(s.labels())
                    .entrySet().stream()
                            .filter(e -> !List.of("__name__", "run", "pricing").contains(e.getKey()))
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","));
            actual.computeIfAbsent(subject, x -> new TreeMap<>()).put(s.label("__name__"), EndToEnd.points(s));
        }
        List<String> differences = repriced.differences(actual);
        assertTrue(
                differences.isEmpty(),
                differences.size() + " differ, e.g. " + differences.subList(0, Math.min(10, differences.size())));
        int hours = 0;
        for (CostScenario.Service s : scenario.services()) {
            String labels = ExpectedCostSeries.moneyLabels(s);
            NavigableMap<Long, Double> job = actual.get(labels).get("ml:cost:hourly");
            for (var e : repriced.pricedByKey.get(s.key()).entrySet()) {
                long micros = e.getValue().cost().movePointRight(6).longValueExact();
                assertEquals(micros, Math.round(job.get(e.getKey()) * 1e6), labels + " at " + e.getKey());
                hours++;
            }
            assertTrue(repriced.pricedByKey.get(s.key()).firstKey() > from);
        }
        assertTrue(hours > 29 * 24 * 6, "hours checked: " + hours);
    }

    @Test
    void theRunCarriesTheThirdCatalogsVersion() throws Exception {
        List<PromSeries> info =
                stack.vm().exportSeries("{__name__=\"ml:cost:catalog_info\",run=\"reprice\",pricing=\"third\"}");
        assertEquals(
                List.of(thirdVersion),
                info.stream().map(s -> s.label("version")).toList());
    }

    @Test
    void theLiveSeriesAreByteForByteUnchangedAndNoEventIsWritten() {
        assertTrue(liveBefore.size() > 50, "live series: " + liveBefore.size());
        assertEquals(liveBefore, liveAfter);
        assertTrue(eventsBefore > 0, "the live run's cost anomaly events");
        assertEquals(eventsBefore, eventsAfter);
    }

    @Test
    void theSummaryHasTheOldAndNewTotalsPerUseCase() {
        long newest = repriced.pricedByUseCase.values().stream()
                .mapToLong(h -> h.lastKey() + (ExpectedCostSeries.WINDOW - 1) * ExpectedCostSeries.HOUR)
                .max()
                .orElseThrow();
        List<String> rows = new ArrayList<>();
        long oldSum = 0;
        long newSum = 0;
        for (String useCase : new java.util.TreeSet<>(live.pricedByUseCase.keySet())) {
            long o = micros(live.pricedByUseCase.get(useCase).subMap(from, false, newest, true));
            long n = micros(repriced.pricedByUseCase.get(useCase));
            rows.add(CostMain.Reprice.row(useCase, o, n));
            oldSum += o;
            newSum += n;
        }
        rows.add(CostMain.Reprice.row("(all)", oldSum, newSum));
        assertTrue(newSum < oldSum, "the third catalog is cheaper");
        List<String> lines = summary.lines().toList();
        assertTrue(
                lines.get(0)
                        .startsWith("re-priced \"third\": hours ending in (" + Instant.ofEpochMilli(from) + ", "
                                + Instant.ofEpochMilli(newest) + "] with catalog " + thirdVersion),
                summary);
        assertEquals(rows, lines.subList(2, lines.size()), summary);
        assertEquals(summary, firstSummary, "the run's own summary, after its best-effort flush");
    }

    /** With --until, the hours up to it are those of the unbounded run, and nothing after it costs anything. */
    @Test
    void untilBoundsTheRun() throws Exception {
        int hours = 0;
        for (PromSeries s : stack.vm().exportSeries("{__name__=\"ml:cost:hourly\",run=\"reprice\",pricing=\"upto\"}")) {
            NavigableMap<Long, Double> upto = EndToEnd.points(s);
            String key = s.label("use_case") + "/" + s.label("model_name") + "/" + s.label("model_version") + "/"
                    + s.label("environment");
            NavigableMap<Long, ExpectedCostSeries.Priced> expected = repriced.pricedByKey.get(key);
            for (var e : upto.entrySet()) {
                long micros = Math.round(e.getValue() * 1e6);
                if (e.getKey() <= until) {
                    assertEquals(
                            expected.get(e.getKey()).cost().movePointRight(6).longValueExact(), micros, key);
                    hours++;
                } else {
                    assertEquals(0, micros, key + " after --until at " + Instant.ofEpochMilli(e.getKey()));
                }
            }
            assertTrue(upto.lastKey() <= until + (ExpectedCostSeries.WINDOW - 1) * ExpectedCostSeries.HOUR);
        }
        assertEquals(6 * 10 * 24, hours, "every hour of every cost key up to --until");
        assertTrue(
                boundedSummary.lines().findFirst().orElseThrow().contains(", " + Instant.ofEpochMilli(until) + "]"),
                boundedSummary);
    }

    static long micros(NavigableMap<Long, ExpectedCostSeries.Priced> hours) {
        return hours.values().stream()
                .map(ExpectedCostSeries.Priced::cost)
                .map(c -> c.movePointRight(6).longValueExact())
                .reduce(0L, Math::addExact);
    }
}
