package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./driftwatch.sh demo}'s code path ({@link DemoRunner#run}) on a short scenario: 8 days, a
 * 5-day baseline, the confidence drop and the feature shift from day 6. Its report must name exactly
 * the models and the use case that the load generator's scenario changes, read off the scenario's
 * models here; its HTML report must show them in headless chromium ({@link HtmlReportCheck}); and
 * everything it started must be stopped afterwards.
 */
class DemoITCase {

    static final Path CATALOG =
            Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("cost/prices.yaml");

    @TempDir
    Path tmp;

    @Test
    void reportNamesTheScenariosDriftedModelsAndCostlyUseCaseOnly() throws Exception {
        // deploy/cost/prices.yaml with budgets for 8 days of data: a month-to-date then covers at most 8
        // days, so contract_review (3.85 EUR a day) projects 34.6 to 119 EUR depending on the day of the
        // month, the others (3.5 EUR a day) 31 to 109 EUR: 30 and 120 separate them on every date.
        String prices = Files.readString(CATALOG)
                .replace("monthly-budget: 200}", "monthly-budget: 120}")
                .replace("monthly-budget: 80}", "monthly-budget: 30}");
        assertTrue(prices.contains("monthly-budget: 30}") && !prices.contains("monthly-budget: 200}"), prices);
        Path catalog = Files.writeString(tmp.resolve("prices.yaml"), prices);
        DemoRunner.Options options = DemoRunner.Options.parse(new String[] {
            "--days",
            "8d",
            "--baseline",
            "5d",
            "--vm-port",
            "0",
            "--no-wait",
            "--set",
            "cost.catalog-file=" + catalog,
            "--set",
            "flink.parallelism=2",
            "--html",
            tmp.resolve("demo.html").toString()
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<AutoCloseable> started = new ArrayList<>();
        DemoReport.Findings findings;
        VictoriaMetricsServer vm;
        Instant now = Instant.now();
        List<PromSeries> replayed;
        List<Double> ruleByVictoriaMetrics = new ArrayList<>();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            findings = DemoRunner.run(options, started, out);
            VictoriaMetricsServer running = started.stream()
                    .filter(VictoriaMetricsServer.class::isInstance)
                    .map(VictoriaMetricsServer.class::cast)
                    .findFirst()
                    .orElseThrow();
            replayed = running.exportSeries("{__name__=~\"ml:confidence:(baseline_avg|current_avg|drift_ratio)\","
                    + FieldReportReplay.SOURCE + "}");
            // The same rules evaluated by VictoriaMetrics itself, as one query (the HTML report's), at each row's time.
            for (FieldReportReplay.Table table : findings.fieldReport()) {
                String[] model = table.model().split(" ");
                for (FieldReportReplay.Row row : table.rows()) {
                    ruleByVictoriaMetrics.add(running.query(
                                    "max("
                                            + HtmlReport.FIELD_REPORT_DRIFT_RATIO
                                                    .replace(
                                                            "_count[",
                                                            "_count{model_name=\"" + model[0] + "\",model_version=\""
                                                                    + model[1] + "\"}[")
                                                    .replace(
                                                            "_sum[",
                                                            "_sum{model_name=\"" + model[0] + "\",model_version=\""
                                                                    + model[1] + "\"}[")
                                            + ")",
                                    row.time())
                            .series()
                            .get(0)
                            .points()
                            .get(0)
                            .value());
                }
            }
        } finally {
            vm = started.stream()
                    .filter(VictoriaMetricsServer.class::isInstance)
                    .map(VictoriaMetricsServer.class::cast)
                    .findFirst()
                    .orElse(null);
            DemoRunner.closeAll(started);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(report);

        // The truth, from the scenario's definition of its models (as the runner builds it).
        List<SimulatedModel> models = LoadScenario.models(Instant.EPOCH, Duration.ofDays(5), Scenario.ALL);
        Set<String> dropped =
                names(models.stream().filter(m -> m.dropAt() != null).toList(), " ");
        Set<String> shifted =
                names(models.stream().filter(m -> m.featureShiftAt() != null).toList(), "/");
        Set<String> costly = models.stream()
                .filter(m -> m.volume() != 1)
                .map(SimulatedModel::useCase)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("fraud-detector v2"), dropped, "the scenario as this test knows it");

        assertEquals(dropped, findings.confidenceDrifted(), report);
        // Every numeric feature of the shifted model drifts (histograms and span attributes alike); the
        // categorical channel and every other model's features do not.
        Set<String> expectedFeatures = new TreeSet<>();
        for (String model : shifted) {
            for (String feature : List.of("input_length", "output_length", "request_length", "response_length")) {
                expectedFeatures.add(model + "/" + feature);
            }
        }
        assertEquals(expectedFeatures, findings.featureDrifts(), report);
        // Per finding, its first firing: the window that fired and the delay from the scenario's change,
        // which every drifted feature and the dropped model have (no false alarm: no "no change" row).
        Set<String> firstFired = new TreeSet<>();
        for (FirstFirings.FirstFiring f : findings.firstFirings()) {
            firstFired.add(f.finding());
            assertTrue(Set.of("short", "current").contains(f.window()), f + "\n" + report);
            assertTrue(
                    f.delay() != null && !f.delay().isNegative() && f.delay().compareTo(Duration.ofHours(24)) <= 0,
                    f + "\n" + report);
            String line = String.format("  %-48s %-8s", f.finding(), f.window());
            assertTrue(report.contains(line + " "), "the report lacks the row of " + f + ":\n" + report);
        }
        Set<String> expectedFirst = new TreeSet<>();
        expectedFeatures.forEach(f -> expectedFirst.add("feature " + f.replace('/', ' ')));
        assertTrue(firstFired.containsAll(expectedFirst), firstFired + " lacks some of " + expectedFirst);
        assertTrue(
                firstFired.stream().allMatch(f -> expectedFirst.contains(f) || f.startsWith("confidence ")),
                firstFired.toString());
        assertEquals(
                costly, findings.costAnomalies().keySet(), "only the costly use case has cost anomalies:\n" + report);
        assertTrue(
                findings.costAnomalies().get("contract_review").contains("gpu_cost_share_above_volume_share"), report);
        assertEquals(costly, findings.overBudget(), report);
        // The picture: what Debian's headless chromium shows of the HTML report.
        HtmlReportCheck.check(
                tmp.resolve("demo.html"),
                tmp,
                names(models, " "),
                findings.confidenceDrifted(),
                findings.featureDrifts());

        checkFieldReportTable(findings, DemoRunner.scenario(options, now), replayed, ruleByVictoriaMetrics, report);

        for (String expected : List.of(
                "[1/5]",
                "[5/5]",
                "day 8 of 8 replayed",
                "Feature drift",
                "First firing per finding (the event's window; delay from the scenario's change)",
                "Cost per use case",
                "Cost anomalies",
                "contract_review",
                "still firing",
                "dead-lettered input records: 1",
                "/api/v1/query",
                "deploy/grafana/dashboards",
                "A picture of the demo (one HTML file, no network needed): file:")) {
            assertTrue(report.contains(expected), "the report lacks \"" + expected + "\":\n" + report);
        }
        // Stopped: VictoriaMetrics no longer answers.
        assertTrue(vm != null && started.isEmpty());
        VictoriaMetricsServer stopped = vm;
        assertThrows(IOException.class, () -> stopped.query("up", Instant.now()));
    }

    /**
     * The side-by-side table: one for fraud-detector v2, at its drop and 24 h later; "exact" as this
     * test computes it from the generator's own record of every confidence value (the scenario replayed
     * again, into nothing); Driftwatch's value equal to it; the field report's value equal to the same
     * rules evaluated by VictoriaMetrics directly, and under the alert level where the exact value is
     * over it; and vmalert's three recorded series in VictoriaMetrics.
     */
    private static void checkFieldReportTable(
            DemoReport.Findings findings,
            LoadScenario scenario,
            List<PromSeries> replayed,
            List<Double> ruleByVictoriaMetrics,
            String report) {
        assertEquals(
                Set.of("ml:confidence:baseline_avg", "ml:confidence:current_avg", "ml:confidence:drift_ratio"),
                replayed.stream().map(s -> s.label("__name__")).collect(Collectors.toSet()),
                "vmalert's replayed series");
        assertTrue(replayed.stream().allMatch(s -> s.points().size() > 24), "hourly points over the replay");

        ConfidenceTruth truth = LoadGenerator.replay(scenario, (encoding, key, value, t) -> {});
        SimulatedModel dropped = scenario.models().stream()
                .filter(m -> m.dropAt() != null)
                .findFirst()
                .orElseThrow();
        assertEquals(1, findings.fieldReport().size(), report);
        FieldReportReplay.Table table = findings.fieldReport().get(0);
        assertEquals("fraud-detector v2", table.model());
        NavigableMap<Long, ConfidenceTruth.Interval> hours = truth.byGroup().get(dropped.groupKey());
        long hour = Duration.ofHours(1).toMillis();
        long first = hours.firstKey() - hour; // the first hour with data starts here
        for (int i = 0; i < 2; i++) {
            FieldReportReplay.Row row = table.rows().get(i);
            long t = dropped.dropAt().toEpochMilli() + i * Duration.ofDays(1).toMillis();
            assertEquals(t, row.time().toEpochMilli());
            double[] current = new double[2];
            double[] frozen = new double[2];
            double[] rolling = new double[2];
            for (var h : hours.entrySet()) {
                long end = h.getKey();
                double[][] into = {
                    end > t - Duration.ofDays(1).toMillis() && end <= t ? current : null,
                    end > first && end <= first + Duration.ofDays(5).toMillis() ? frozen : null,
                    end > t - Duration.ofDays(30).toMillis() && end <= t ? rolling : null
                };
                for (double[] sums : into) {
                    if (sums != null) {
                        sums[0] += h.getValue().sum();
                        sums[1] += h.getValue().count();
                    }
                }
            }
            double exact = ratio(current, frozen);
            double exactRolling = ratio(current, rolling);
            String where = row + "\n" + report;
            assertEquals(exact, row.exact(), 1e-12, where);
            assertEquals(exactRolling, row.exactRolling(), 1e-12, where);
            assertEquals(exact, row.driftwatch(), 1e-9, "Driftwatch's drift ratio is the exact one: " + where);
            assertEquals(ruleByVictoriaMetrics.get(i), row.fieldReport(), 1e-9, "vmalert's replay: " + where);
        }
        FieldReportReplay.Row dayAfter = table.rows().get(1);
        assertTrue(dayAfter.exact() > 0.1 && dayAfter.fieldReport() < 0.1, "the rule misses the drift: " + dayAfter);
        assertTrue(report.contains("The field report's drift alert, replayed"), report);
    }

    private static double ratio(double[] current, double[] baseline) {
        double c = current[0] / current[1];
        double b = baseline[0] / baseline[1];
        return Math.abs(c - b) / b;
    }

    private static Set<String> names(List<SimulatedModel> models, String separator) {
        return models.stream()
                .map(m -> m.modelName() + separator + m.modelVersion())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
