package io.driftwatch.devstack.demo;

import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.devstack.servers.VmalertReplay;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Why Driftwatch: the field report's own recording rules ({@value #RULES}) replayed by Debian's
 * vmalert over the demo's raw {@code ml_inference_confidence_*} series (written as the collector's
 * prometheusremotewrite exporter would), and, for each model whose confidence drops, their {@code
 * ml:confidence:drift_ratio} beside Driftwatch's and the exact value computed from every confidence
 * value the load generator recorded ({@link ConfidenceTruth}), at the drop and 24 h later.
 *
 * <p>Exact value: {@code |m(T − 24h, T] − m(F, F + P]| / m(F, F + P]}, {@code m} the mean of every
 * recorded value in the window, {@code F} the start of the group's first hour with data, {@code P}
 * the baseline period: the report's own definition of its baseline ("the first 30 days in
 * production") and Driftwatch's frozen baseline. "exact, rolling" puts the rule's own windows instead,
 * {@code (T − 30d, T]} for the baseline, to tell its two causes apart: {@code avg_over_time} of a
 * cumulative counter averages the totals since the process started, not the window's values, and the
 * rolling baseline takes in the drifted days.
 */
final class FieldReportReplay {

    /** The rule file, a class-path resource beside this class. */
    static final String RULES = "field-report-rules.yaml";
    /** The label the rule file's group puts on every series it records. */
    static final String SOURCE = "source=\"field-report\"";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    /** One line of the table: the three drift ratios at {@code time}; NaN where a series has no point then. */
    record Row(String when, Instant time, double fieldReport, double driftwatch, double exact, double exactRolling) {}

    /** The table of one model version whose confidence drops. */
    record Table(String model, Instant drop, List<Row> rows) {}

    private FieldReportReplay() {}

    /**
     * Replays the rules over the scenario into {@code vm}, then prints and returns a table per model
     * whose confidence drops.
     */
    static List<Table> print(
            PrintStream out,
            VictoriaMetricsServer vm,
            LoadScenario scenario,
            ConfidenceTruth truth,
            DriftwatchConfig config)
            throws IOException, InterruptedException {
        Path rules = Files.createTempFile("driftwatch-field-report-rules", ".yaml");
        long t0 = System.nanoTime();
        try (InputStream in = FieldReportReplay.class.getResourceAsStream(RULES)) {
            Files.write(rules, in.readAllBytes());
            VmalertReplay.run(
                    VmalertReplay.DEFAULT_BINARY,
                    rules,
                    vm.baseUrl(),
                    scenario.start(),
                    scenario.end(),
                    Duration.ofMinutes(15));
        } finally {
            Files.deleteIfExists(rules);
        }
        vm.flush();
        out.printf(
                "%nThe field report's drift alert, replayed: its recording rules (ml:confidence:baseline_avg, current_avg,"
                        + " drift_ratio; %s) evaluated hourly by %s -replay over the raw series in %.1f s%n",
                SOURCE, VmalertReplay.DEFAULT_BINARY, (System.nanoTime() - t0) / 1e9);
        String prefix = config.output().metricPrefix();
        Duration window = config.confidence().currentWindow();
        Duration baseline = config.confidence().baseline().period();
        List<Table> tables = new ArrayList<>();
        for (SimulatedModel m : scenario.models()) {
            if (m.dropAt() == null) {
                continue;
            }
            String model = m.modelName() + " " + m.modelVersion();
            String labels = "model_name=\"" + m.modelName() + "\",model_version=\"" + m.modelVersion() + "\"";
            List<PromSeries> report =
                    vm.exportSeries("{__name__=\"ml:confidence:drift_ratio\"," + labels + "," + SOURCE + "}");
            List<PromSeries> driftwatch = vm.exportSeries(
                    "{__name__=\"" + prefix + "ml:confidence:drift_ratio\"," + labels + ",use_case=\"" + m.useCase()
                            + "\",environment=\"" + m.environment() + "\",source=\"\",window!=\"short\"}");
            NavigableMap<Long, ConfidenceTruth.Interval> intervals =
                    truth.byGroup().get(m.groupKey());
            List<Row> rows = new ArrayList<>();
            for (int day = 0; day <= 1; day++) {
                Instant t = m.dropAt().plus(Duration.ofDays(day));
                long ms = t.toEpochMilli();
                rows.add(new Row(
                        day == 0 ? "drop" : "+24h",
                        t,
                        max(report, ms),
                        max(driftwatch, ms),
                        exact(intervals, truth.intervalMillis(), ms, window, baseline, false),
                        exact(intervals, truth.intervalMillis(), ms, window, Duration.ofDays(30), true)));
            }
            tables.add(new Table(model, m.dropAt(), rows));
            out.printf("%n  %s, confidence drops from %s: drift ratio%n", model, TIME.format(m.dropAt()));
            out.printf("  %-23s %12s %12s %12s %15s%n", "at", "field report", "Driftwatch", "exact", "exact, rolling");
            for (Row r : rows) {
                out.printf(
                        "  %-17s %-5s %12.4f %12.4f %12.4f %15.4f%n",
                        TIME.format(r.time()), r.when(), r.fieldReport(), r.driftwatch(), r.exact(), r.exactRolling());
            }
        }
        out.printf(
                "  (drift ratio = |current − baseline| / baseline, alert level %s. field report: its rules over the raw"
                        + " cumulative series, the largest over the version's instances; exact: every recorded value of the"
                        + " last %s against the first %s; rolling: against the rule's 30 d window; see README, \"demo\")%n",
                config.confidence().driftRatioThreshold(), Durations.format(window), Durations.format(baseline));
        return tables;
    }

    /** The largest value at exactly {@code timeMs} over {@code series}; NaN when none has a point then. */
    private static double max(List<PromSeries> series, long timeMs) {
        double out = Double.NaN;
        for (PromSeries s : series) {
            for (PromPoint p : s.points()) {
                if (p.timestampMs() == timeMs && !(p.value() <= out)) {
                    out = p.value();
                }
            }
        }
        return out;
    }

    /**
     * |current − baseline| / baseline from the recorded values: current = intervals ending in {@code (T −
     * window, T]}; baseline = those ending in {@code (F, F + period]} (frozen) or {@code (T − period, T]}
     * (rolling).
     */
    static double exact(
            NavigableMap<Long, ConfidenceTruth.Interval> intervals,
            long intervalMs,
            long timeMs,
            Duration window,
            Duration period,
            boolean rolling) {
        long first = intervals.firstKey() - intervalMs;
        long baseFrom = rolling ? timeMs - period.toMillis() : first;
        long baseTo = rolling ? timeMs : first + period.toMillis();
        double current = mean(intervals.subMap(timeMs - window.toMillis(), false, timeMs, true));
        double base = mean(intervals.subMap(baseFrom, false, baseTo, true));
        return Math.abs(current - base) / Math.abs(base);
    }

    private static double mean(NavigableMap<Long, ConfidenceTruth.Interval> intervals) {
        double sum = 0;
        long count = 0;
        for (ConfidenceTruth.Interval i : intervals.values()) {
            sum += i.sum();
            count += i.count();
        }
        return sum / count;
    }
}
