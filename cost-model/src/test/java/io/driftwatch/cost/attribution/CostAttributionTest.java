package io.driftwatch.cost.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CostAttributionTest {

    private static CostAttribution attribution;

    private static final CostKey LLAMA = new CostKey("maintenance_assistant", "llama-3-8b", "v1", "prod");
    private static final CostKey GPT = new CostKey("maintenance_assistant", "gpt-4o", "2024-08", "prod");
    private static final CostKey UNKNOWN = new CostKey("x", "unknown-model", "v1", "prod");

    @BeforeAll
    static void catalog() throws Exception {
        PriceCatalog catalog = new CatalogReader().parse("""
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: 2.50}
                  models:
                    - {model: llama-3-8b, type: A100, provider: aws}
                tokens:
                  - {model: gpt-4o, input: 2.50, output: 10.00}
                  - {model: llama-3-8b, input: 0.05, output: 0.08}
                """, "test.yaml");
        attribution = new CostAttribution(catalog);
    }

    @Test
    void reportedCostWinsAndIsTakenAsIs() {
        UsageDeltas usage = UsageDeltas.builder()
                .reportedCost(0.1234567)
                .durationMillis(1e6)
                .outputTokens(1000)
                .build();
        assertEquals(
                new AttributedCost(LLAMA, CostSource.REPORTED, Money.ofMicros(123_457)),
                attribution.attribute(LLAMA, usage));
        assertEquals(
                new AttributedCost(LLAMA, CostSource.REPORTED, Money.ZERO),
                attribution.attribute(
                        LLAMA,
                        UsageDeltas.builder().reportedCost(0).durationMillis(5).build()));
    }

    @Test
    void gpuTimeIsDurationTimesHourlyRate() {
        // 90 s of inference at 2.50/h = 0.0625 exactly; 1234.5 ms → 0.000857291666… → 0.000857
        assertEquals(
                new AttributedCost(LLAMA, CostSource.GPU_TIME, Money.parse("0.0625")),
                attribution.attribute(
                        LLAMA,
                        UsageDeltas.builder()
                                .durationMillis(90_000)
                                .outputTokens(5)
                                .build()));
        BigDecimal expected = new BigDecimal("2.50")
                .multiply(new BigDecimal("1234.5"))
                .divide(BigDecimal.valueOf(3_600_000), 6, RoundingMode.HALF_EVEN);
        assertEquals(
                expected,
                attribution
                        .attribute(
                                LLAMA,
                                UsageDeltas.builder().durationMillis(1234.5).build())
                        .cost()
                        .toBigDecimal());
    }

    @Test
    void tokensUseSplitCountsAndNeverAlsoTheTotal() {
        // 1000 input × 2.50/M + 500 output × 10/M = 0.0025 + 0.005
        UsageDeltas split = UsageDeltas.builder()
                .inputTokens(1000)
                .outputTokens(500)
                .totalTokens(1500)
                .build();
        assertEquals(
                new AttributedCost(GPT, CostSource.TOKENS, Money.parse("0.0075")), attribution.attribute(GPT, split));
        // Only the input side observed: output counts as 0, the total is still ignored.
        assertEquals(
                Money.parse("0.0025"),
                attribution
                        .attribute(
                                GPT,
                                UsageDeltas.builder()
                                        .inputTokens(1000)
                                        .totalTokens(9999)
                                        .build())
                        .cost());
    }

    @Test
    void totalTokensArePricedAtTheOutputPrice() {
        assertEquals(
                new AttributedCost(GPT, CostSource.TOKENS, Money.parse("0.015")),
                attribution.attribute(
                        GPT, UsageDeltas.builder().totalTokens(1500).build()));
        // 1 token at 2.50/M = 2.5 micro-units → half-even → 2
        assertEquals(
                Money.ofMicros(2),
                attribution
                        .attribute(GPT, UsageDeltas.builder().inputTokens(1).build())
                        .cost());
    }

    @Test
    void unpricableSourcesFallThroughThenUnpriced() {
        // gpt-4o has no GPU mapping: its durations cannot be priced, its tokens can.
        assertEquals(
                CostSource.TOKENS,
                attribution
                        .attribute(
                                GPT,
                                UsageDeltas.builder()
                                        .durationMillis(100)
                                        .totalTokens(10)
                                        .build())
                        .source());
        assertEquals(
                new AttributedCost(GPT, CostSource.UNPRICED, Money.ZERO),
                attribution.attribute(
                        GPT, UsageDeltas.builder().durationMillis(100).build()));
        assertEquals(
                new AttributedCost(UNKNOWN, CostSource.UNPRICED, Money.ZERO),
                attribution.attribute(
                        UNKNOWN,
                        UsageDeltas.builder()
                                .durationMillis(100)
                                .totalTokens(10)
                                .build()));
        assertEquals(
                CostSource.UNPRICED,
                attribution.attribute(LLAMA, UsageDeltas.builder().build()).source());
    }

    @Test
    void refusesNegativeOrNonFiniteDeltas() {
        assertThrows(IllegalArgumentException.class, () -> UsageDeltas.builder().reportedCost(-0.01));
        assertThrows(IllegalArgumentException.class, () -> UsageDeltas.builder().durationMillis(Double.NaN));
        assertThrows(
                IllegalArgumentException.class, () -> UsageDeltas.builder().durationMillis(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> UsageDeltas.builder().totalTokens(-1));
    }
}
