package io.driftwatch.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.driftwatch.jobs.pipeline.KeyedBroadcastHarness;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CostUsageFunction} in a harness: pricing by source, late and unusable points, unpriced hours. */
class CostUsageFunctionTest {

    static final long H = 3_600_000L;
    static final long T0 = 493_000L * H;

    final HarnessMetrics metrics = new HarnessMetrics();
    CostSettings settings;
    KeyedBroadcastHarness<String, MetricPoint, CatalogUpdate, PrometheusSample> harness;

    static final String CATALOG = """
            gpu:
              rates: [{type: A100, provider: aws, hourly: 3.60}]
              models: [{model: m, type: A100, provider: aws}]
            use-cases: [{name: u, value-per-inference: 0.001, monthly-budget: 100}]
            """;

    @BeforeEach
    void open() throws Exception {
        start(CATALOG);
    }

    void start(String catalog) throws Exception {
        CostConfig config = new CostConfig(
                true,
                "test.yaml",
                new CatalogReader().parse(catalog, "test.yaml"),
                "EUR",
                new CostConfig.CostMetricsConfig(
                        "ml.inference.cost.gpu",
                        "ml.inference.duration",
                        "ml.inference.tokens.total",
                        "gen_ai.client.token.usage",
                        "DCGM_FI_DEV_GPU_UTIL"),
                3.0,
                7,
                new CostConfig.IdleConfig(CostConfig.IdleAllocation.NONE, "modelName", "provider"));
        settings = new CostSettings(config, "");
        harness = new KeyedBroadcastHarness<>(
                new CostUsageFunction(settings),
                CatalogInForce.STATE,
                settings::keyOf,
                Types.STRING,
                metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        metrics.close();
    }

    static MetricPoint durations(String model, long t, long count, double sumMs) {
        return durations(model, t, count, sumMs, "ok");
    }

    static MetricPoint durations(String model, long t, long count, double sumMs, String status) {
        return MetricPoint.builder("ml.inference.duration", MetricKind.HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(Labels.of(
                        "use_case",
                        "u",
                        "model_name",
                        model,
                        "model_version",
                        "v1",
                        "environment",
                        "prod",
                        "status",
                        status))
                .startTimeNanos((t - 1000) * 1_000_000L)
                .timeNanos(t * 1_000_000L)
                .count(count)
                .sum(sumMs)
                .explicitBounds(new double[] {100})
                .bucketCounts(new long[] {0, count})
                .build();
    }

    static MetricPoint cost(long t, double eur) {
        return MetricPoint.builder("ml.inference.cost.gpu", MetricKind.SUM)
                .temporality(Temporality.DELTA)
                .labels(Labels.of("use_case", "u", "model_name", "m", "model_version", "v1", "environment", "prod"))
                .startTimeNanos((t - 1000) * 1_000_000L)
                .timeNanos(t * 1_000_000L)
                .value(eur)
                .build();
    }

    Map<String, Double> at(long t, String model) {
        Map<String, Double> out = new TreeMap<>();
        for (PrometheusSample s : harness.extractOutputValues()) {
            if (s.timestampMs() == t && model.equals(s.labels().get("model_name"))) {
                out.put(s.metricName(), s.value());
            }
        }
        return out;
    }

    @Test
    void pricesGpuTimeAndPrefersTheReportedCost() throws Exception {
        // 3.60 EUR/h × 1,000,000 ms ÷ 3,600,000 = 1.00 EUR in the first hour
        harness.processElement1(durations("m", T0 + 10 * 60_000, 100, 600_000), T0);
        harness.processElement1(durations("m", T0 + H, 100, 400_000), T0);
        harness.processBothWatermarks(new Watermark(T0 + H));
        Map<String, Double> first = at(T0 + H, "m");
        assertEquals(1.0, first.get("ml:cost:hourly"));
        assertEquals(200, first.get("ml:cost:inferences_hourly"));
        assertEquals(0.005, first.get("ml:cost:per_inference"), 1e-15);
        assertEquals(5.0, first.get("ml:cost:cost_to_value_ratio"), 1e-12);
        // the second hour also has the service's own counter: it wins over GPU time
        harness.processElement1(durations("m", T0 + 2 * H, 100, 1_000_000), T0);
        harness.processElement1(cost(T0 + 2 * H, 0.25), T0);
        harness.processBothWatermarks(new Watermark(T0 + 2 * H));
        assertEquals(0.25, at(T0 + 2 * H, "m").get("ml:cost:hourly"));
        assertEquals(1.25, at(T0 + 2 * H, "m").get("ml:cost:rolling_24h"));
    }

    @Test
    void latePointsUnusablePointsAndUnpricedHoursAreCountedNotFatal() throws Exception {
        harness.processElement1(durations("m", T0 + H, 10, 1000), T0);
        harness.processBothWatermarks(new Watermark(T0 + H));
        harness.processElement1(durations("m", T0 + H - 1, 10, 1000), T0); // its hour is closed
        harness.processElement1(cost(T0 + 2 * H, -0.5), T0); // a negative increment
        harness.processElement1(durations("unknown-model", T0 + 2 * H, 7, 1000), T0); // no GPU, no token price
        harness.processBothWatermarks(new Watermark(T0 + 2 * H));
        assertEquals(1, metrics.count("driftwatch.cost.late_points"));
        assertEquals(1, metrics.count("driftwatch.cost.unusable_points"));
        assertEquals(1, metrics.count("driftwatch.cost.unpriced_hours"));
        // an unpriced hour costs 0, its inferences still count
        Map<String, Double> unknown = at(T0 + 2 * H, "unknown-model");
        assertEquals(0.0, unknown.get("ml:cost:hourly"));
        assertEquals(7, unknown.get("ml:cost:inferences_hourly"));
    }

    /** Failed inferences are priced like the others but deliver no value. */
    @Test
    void failedInferencesArePricedButDeliverNoValue() throws Exception {
        harness.processElement1(durations("m", T0 + 10 * 60_000, 150, 600_000, "ok"), T0);
        harness.processElement1(durations("m", T0 + 20 * 60_000, 50, 400_000, "error"), T0);
        harness.processElement1(durations("m", T0 + 30 * 60_000, 7, 0, "timeout"), T0); // not an error value
        harness.processBothWatermarks(new Watermark(T0 + H));
        Map<String, Double> first = at(T0 + H, "m");
        // 3.60 EUR/h × 1,000,000 ms ÷ 3,600,000 = 1.00 EUR: the failed inferences' GPU time is paid for
        BigDecimal cost = new BigDecimal("3.60")
                .multiply(BigDecimal.valueOf(1_000_000))
                .divide(BigDecimal.valueOf(H), 6, RoundingMode.HALF_EVEN);
        assertEquals(cost.doubleValue(), first.get("ml:cost:hourly"));
        assertEquals(207, first.get("ml:cost:inferences_hourly"));
        assertEquals(
                cost.divide(BigDecimal.valueOf(207), MathContext.DECIMAL64).doubleValue(),
                first.get("ml:cost:per_inference"),
                1e-15);
        assertEquals(
                cost.divide(BigDecimal.valueOf(157), MathContext.DECIMAL64).doubleValue(),
                first.get("ml:cost:per_successful_inference"),
                1e-15);
        assertEquals(
                cost.divide(BigDecimal.valueOf(157).multiply(new BigDecimal("0.001")), MathContext.DECIMAL64)
                        .doubleValue(),
                first.get("ml:cost:cost_to_value_ratio"),
                1e-12);
    }

    /** Only failures in the window: their cost is counted, there is no cost per successful inference. */
    @Test
    void onlyFailuresHaveNoCostPerSuccess() throws Exception {
        harness.processElement1(durations("m", T0 + 10 * 60_000, 10, 36_000, "error"), T0);
        harness.processBothWatermarks(new Watermark(T0 + H));
        Map<String, Double> first = at(T0 + H, "m");
        assertEquals(0.036, first.get("ml:cost:hourly"));
        assertEquals(0.0036, first.get("ml:cost:per_inference"), 1e-15);
        assertNull(first.get("ml:cost:per_successful_inference"));
        assertNull(first.get("ml:cost:cost_to_value_ratio"));
    }

    /** Each hour is priced with the rate in force at its start: 3.60, then 20 % less from T0 + 2 h. */
    @Test
    void hoursArePricedWithTheRateInForceAtTheirStart() throws Exception {
        harness.close();
        start("""
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: 3.60}
                    - {type: A100, provider: aws, hourly: 2.88, effective-from: "%s"}
                  models: [{model: m, type: A100, provider: aws}]
                use-cases: [{name: u, value-per-inference: 0.001, monthly-budget: 100}]
                """.formatted(java.time.Instant.ofEpochMilli(T0 + 2 * H)));
        for (int h = 1; h <= 4; h++) {
            harness.processElement1(durations("m", T0 + h * H - 1, 100, 1_000_000), T0);
            harness.processBothWatermarks(new Watermark(T0 + h * H));
        }
        for (int h = 1; h <= 4; h++) {
            BigDecimal rate = h <= 2 ? new BigDecimal("3.60") : new BigDecimal("2.88");
            BigDecimal expected = rate.multiply(BigDecimal.valueOf(1_000_000))
                    .divide(BigDecimal.valueOf(H), 6, RoundingMode.HALF_EVEN);
            assertEquals(expected.doubleValue(), at(T0 + h * H, "m").get("ml:cost:hourly"), "hour " + h);
        }
    }

    /**
     * A document from the catalog topic replaces the start-up catalog for the hours evaluated after it
     * arrives, each priced with its prices in force at its start; the hours evaluated before keep theirs.
     */
    @Test
    void aBroadcastCatalogPricesTheHoursEvaluatedAfterItArrives() throws Exception {
        harness.processElement1(durations("m", T0 + H - 1, 100, 1_000_000), T0);
        harness.processBothWatermarks(new Watermark(T0 + H));
        String update = """
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: 3.60}
                    - {type: A100, provider: aws, hourly: 1.80, effective-from: "%s"}
                  models: [{model: m, type: A100, provider: aws}]
                use-cases: [{name: u, value-per-inference: 0.001, monthly-budget: 100}]
                """.formatted(java.time.Instant.ofEpochMilli(T0 + 2 * H));
        harness.processElement2(new CatalogUpdate("v2", update), T0);
        for (int h = 2; h <= 3; h++) {
            harness.processElement1(durations("m", T0 + h * H - 1, 100, 1_000_000), T0);
            harness.processBothWatermarks(new Watermark(T0 + h * H));
        }
        for (int h = 1; h <= 3; h++) {
            BigDecimal rate = h <= 2 ? new BigDecimal("3.60") : new BigDecimal("1.80");
            BigDecimal expected = rate.multiply(BigDecimal.valueOf(1_000_000))
                    .divide(BigDecimal.valueOf(H), 6, RoundingMode.HALF_EVEN);
            assertEquals(expected.doubleValue(), at(T0 + h * H, "m").get("ml:cost:hourly"), "hour " + h);
        }
    }
}
