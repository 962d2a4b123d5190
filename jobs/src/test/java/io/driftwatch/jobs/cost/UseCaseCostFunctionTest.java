package io.driftwatch.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.jobs.config.CostConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link UseCaseCostFunction} in a harness: hours held until their watermark, anomalies firing, resolving, and not resolving on silence. */
class UseCaseCostFunctionTest {

    static final long H = 3_600_000L;
    static final long T0 = 493_000L * H; // a whole hour (2026)

    KeyedTwoInputStreamOperatorTestHarness<Byte, Either<UseCaseHour, GpuHour>, CatalogUpdate, PrometheusSample> harness;

    @BeforeEach
    void open() throws Exception {
        open("100000", CostConfig.IdleAllocation.NONE);
    }

    void open(String budgetOfA, CostConfig.IdleAllocation allocation) throws Exception {
        if (harness != null) {
            harness.close();
        }
        PriceCatalog catalog = new CatalogReader().parse("""
                use-cases:
                  - {name: a, value-per-inference: 1.0, monthly-budget: %s}
                  - {name: b, value-per-inference: 0.01, monthly-budget: 100000}
                """.formatted(budgetOfA), "test.yaml");
        CostConfig config = new CostConfig(
                true,
                "test.yaml",
                catalog,
                "EUR",
                new CostConfig.CostMetricsConfig("c", "d", "t", "u", "g"),
                3.0,
                7,
                new CostConfig.IdleConfig(allocation, "modelName", "provider"));
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new UseCaseCostFunction(new CostSettings(config, "")), List.of(CatalogInForce.STATE)),
                h -> (byte) 0,
                g -> (byte) 0,
                Types.BYTE);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    void hour(String useCase, long t, long gpuMicros, long inferences) throws Exception {
        harness.processElement1(
                new StreamRecord<>(Either.Left(new UseCaseHour(useCase, t, gpuMicros, gpuMicros, inferences, 0)), t));
    }

    /** name → value of the samples stamped {@code t} for use case {@code useCase}. */
    Map<String, Double> samples(String useCase, long t) {
        Map<String, Double> out = new TreeMap<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r
                    && r.getValue() instanceof PrometheusSample s
                    && s.timestampMs() == t
                    && useCase.equals(s.labels().get("use_case"))) {
                out.put(s.metricName(), s.value());
            }
        }
        return out;
    }

    List<String> events() {
        var side = harness.getSideOutput(UseCaseCostFunction.EVENTS);
        return side == null
                ? List.of()
                : side.stream()
                        .map(StreamRecord::getValue)
                        .map(EventRecord::json)
                        .map(j -> j.replaceAll(
                                ".*\"state\":\"(\\w+)\",\"event_time\":\"([^\"]+)\",\"use_case\":\"(\\w+)\",\"anomaly\":\"(\\w+)\".*",
                                "$1 $2 $3 $4"))
                        .toList();
    }

    @Test
    void anHourIsEvaluatedWithItsOwnRecordsOnlyEvenWhenLaterHoursArriveFirst() throws Exception {
        long t1 = T0 + H;
        hour("a", t1, 900_000, 10);
        hour("b", t1, 100_000, 190);
        // One upstream instance is already an hour ahead: its records for t1 + 1 h arrive before the watermark of t1.
        hour("a", t1 + H, 100_000, 1_000_000);
        harness.processBothWatermarks(new Watermark(t1));
        Map<String, Double> a = samples("a", t1);
        assertEquals(0.9, a.get("ml:cost:gpu_share"), 1e-12);
        assertEquals(0.05, a.get("ml:cost:volume_share"), 1e-12);
        assertEquals(
                List.of("firing " + java.time.Instant.ofEpochMilli(t1) + " a gpu_cost_share_above_volume_share"),
                events());
    }

    @Test
    void anAnomalyResolvesWhenItStopsHoldingButNotWhenTheInputFallsSilent() throws Exception {
        long t1 = T0 + H;
        hour("a", t1, 900_000, 10);
        hour("b", t1, 100_000, 190);
        harness.processBothWatermarks(new Watermark(t1));
        // From the second hour on, each use case's GPU share equals its volume share (5 % and 95 %): once
        // hour 1 leaves the 24-hour window (at hour 25), the anomaly resolves.
        for (int k = 2; k <= 30; k++) {
            hour("a", T0 + k * H, 1, 1);
            hour("b", T0 + k * H, 19, 19);
            harness.processBothWatermarks(new Watermark(T0 + k * H));
        }
        assertEquals(
                List.of(
                        "firing " + java.time.Instant.ofEpochMilli(t1) + " a gpu_cost_share_above_volume_share",
                        "resolved " + java.time.Instant.ofEpochMilli(T0 + 25 * H)
                                + " a gpu_cost_share_above_volume_share"),
                events());

        // It fires again, then the input stops: the windows drain, but silence resolves nothing.
        hour("a", T0 + 31 * H, 9_000_000, 10);
        hour("b", T0 + 31 * H, 100_000, 1_000_000);
        harness.processBothWatermarks(new Watermark(T0 + 31 * H));
        harness.processBothWatermarks(new Watermark(T0 + 80 * H));
        List<String> events = events();
        assertEquals(3, events.size(), events.toString());
        assertTrue(
                events.get(2).startsWith("firing " + java.time.Instant.ofEpochMilli(T0 + 31 * H)), events.toString());
    }

    @Test
    void aProjectionAboveTheBudgetFiresAndTheBurnRatioIsMonthToDateOverBudget() throws Exception {
        open("10", CostConfig.IdleAllocation.NONE);
        // The hour ending 2026-03-02T00:00 lies in March 1 and costs a 5 EUR: at its end, month-to-date is 5
        // and the rate window is March 1 alone, so the projection 5 + 5 × 30 days is above a's budget of 10.
        long march2 = java.time.Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
        hour("a", march2, 5_000_000, 10_000);
        hour("b", march2, 5_000_000, 10_000);
        harness.processBothWatermarks(new Watermark(march2));
        hour("a", march2 + H, 1_000_000, 10_000);
        hour("b", march2 + H, 1_000_000, 10_000);
        harness.processBothWatermarks(new Watermark(march2 + H));
        // an hour later: month-to-date 6 of a budget of 10; the anomaly still holds, so no second event
        assertEquals(0.6, samples("a", march2 + H).get("ml:cost:budget_burn_ratio"), 1e-12);
        assertEquals(
                List.of("firing " + java.time.Instant.ofEpochMilli(march2) + " a projected_over_budget"), events());
    }

    @Test
    void proportionalAllocationSplitsTheHoursIdleCostByGpuCostExactly() throws Exception {
        open("100000", CostConfig.IdleAllocation.PROPORTIONAL);
        long t = T0 + H;
        hour("a", t, 1_000_000, 100);
        hour("b", t, 2_000_000, 100);
        harness.processElement1(
                new StreamRecord<>(Either.Right(new GpuHour("A100", "aws", t, 2_500_000, 1_000_001)), t));
        harness.processBothWatermarks(new Watermark(t));
        // 1.000001 split 1 : 2 with the largest remainder: 0.333334 + 0.666667
        assertEquals(0.333334, samples("a", t).get("ml:cost:idle_gpu"), 1e-12);
        assertEquals(0.666667, samples("b", t).get("ml:cost:idle_gpu"), 1e-12);
    }

    /** Failed inferences reach the use-case level: cost_above_value compares the cost with the successes' value. */
    @Test
    void failedInferencesDeliverNoValueAtTheUseCaseLevel() throws Exception {
        long t = T0 + H;
        // 1.00 EUR for 200 inferences of which 100 failed: 100 × 0.01 = 1.00 of value, not above
        harness.processElement1(new StreamRecord<>(Either.Left(new UseCaseHour("b", t, 1_000_000, 0, 200, 0, 100)), t));
        harness.processBothWatermarks(new Watermark(t));
        assertEquals(List.of(), events());
        // the window now holds 2.00 EUR for 150 successes (1.50 of value): above
        harness.processElement1(
                new StreamRecord<>(Either.Left(new UseCaseHour("b", t + H, 1_000_000, 0, 200, 0, 150)), t + H));
        harness.processBothWatermarks(new Watermark(t + H));
        assertEquals(List.of("firing " + java.time.Instant.ofEpochMilli(t + H) + " b cost_above_value"), events());
    }

    /** The version label of ml:cost:catalog_info: the catalog file's until a document arrives, then the document's. */
    @Test
    void everyEvaluatedHourReportsTheCatalogVersionInForce() throws Exception {
        hour("a", T0 + H, 1_000_000, 10);
        harness.processBothWatermarks(new Watermark(T0 + H));
        String update = "use-cases: [{name: a, value-per-inference: 1.0, monthly-budget: 100000}]\n";
        harness.processElement2(new StreamRecord<>(new CatalogUpdate("ignored", update), T0 + H));
        hour("a", T0 + 2 * H, 1_000_000, 10);
        harness.processBothWatermarks(new Watermark(T0 + 2 * H));
        List<String> versions = new java.util.ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r
                    && r.getValue() instanceof PrometheusSample s
                    && s.metricName().equals("ml:cost:catalog_info")) {
                versions.add(s.timestampMs() + "=" + s.labels().get("version") + ":" + s.value());
            }
        }
        assertEquals(
                List.of(
                        (T0 + H) + "=:1.0",
                        (T0 + 2 * H) + "=" + io.driftwatch.cost.catalog.CatalogDocument.versionOf(update) + ":1.0"),
                versions);
    }
}
