package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.attribution.CostAttribution;
import io.driftwatch.cost.attribution.CostKey;
import io.driftwatch.cost.attribution.UsageDeltas;
import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Prices with {@code effective-from}: which price is in force when, and how bad dates are reported. */
class EffectiveDatesTest {

    private static final String DATED = """
            gpu:
              rates:
                - {type: A100, provider: aws, hourly: 2.50}
                - {type: A100, provider: aws, hourly: 2.00, effective-from: 2026-01-20}
                - {type: H100, provider: aws, hourly: 4.00, effective-from: "2026-01-10T06:00:00+02:00"}
              models:
                - {model: llama, type: A100, provider: aws}
                - {model: llama, type: H100, provider: aws, effective-from: 2026-02-01T00:00:00Z}
            tokens:
              - {model: gpt, input: 2.50, output: 10.00}
              - {model: gpt, input: 2.00, output: 8.00, effective-from: 2026-01-25}
            use-cases:
              - {name: uc, value-per-inference: 0.50, monthly-budget: 2000, effective-from: 2026-01-05}
            """;

    private static final long JAN_20 = Instant.parse("2026-01-20T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    private final CatalogReader reader = new CatalogReader();

    @Test
    void eachSubjectHasItsLastEntryNotAfterTheInstant() throws Exception {
        PriceCatalog c = reader.parse(DATED, "dated.yaml");
        assertEquals(
                List.of(
                        "2026-01-05T00:00:00Z",
                        "2026-01-10T04:00:00Z",
                        "2026-01-20T00:00:00Z",
                        "2026-01-25T00:00:00Z",
                        "2026-02-01T00:00:00Z"),
                c.effectiveDates().stream().map(Instant::toString).toList());
        // before any date: the undated entries only
        assertEquals(Optional.of(Money.parse("2.5")), c.gpuHourlyRate("llama"));
        assertEquals(Optional.empty(), c.useCase("uc"));
        assertEquals(Optional.empty(), c.gpuRate("H100", "aws"));
        assertSame(c, c.at(JAN_20 - 30L * 24 * HOUR));

        assertEquals(Optional.of(Money.parse("2.5")), c.at(JAN_20 - 1).gpuHourlyRate("llama"));
        assertEquals(Optional.of(Money.parse("2")), c.at(JAN_20).gpuHourlyRate("llama"));
        assertEquals(
                Money.parse("0.5"), c.at(JAN_20).useCase("uc").orElseThrow().valuePerInference());
        assertEquals(
                Money.parse("4"),
                c.at(JAN_20).gpuRate("H100", "aws").orElseThrow().hourly());
        long feb1 = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
        assertEquals(Optional.of(Money.parse("2")), c.at(feb1 - 1).gpuHourlyRate("llama"));
        assertEquals(Optional.of(Money.parse("4")), c.at(feb1).gpuHourlyRate("llama"));
        assertEquals(
                Money.parse("10"),
                c.at(feb1 - 7 * 24 * HOUR - 1).tokenPrice("gpt").orElseThrow().outputPerMillion());
        assertEquals(
                Money.parse("8"),
                c.at(feb1 - 7 * 24 * HOUR).tokenPrice("gpt").orElseThrow().outputPerMillion());
        // the versions of a catalog have no dates of their own
        assertSame(c.at(feb1), c.at(Long.MAX_VALUE));
        assertEquals(List.of(), c.at(feb1).effectiveDates());
    }

    @Test
    void aCatalogWithoutDatesIsTheSameAtEveryInstant() throws Exception {
        PriceCatalog c = reader.parse("""
                gpu:
                  rates: [{type: A100, provider: aws, hourly: 2.50}]
                  models: [{model: llama, type: A100, provider: aws}]
                """, "plain.yaml");
        assertEquals(List.of(), c.effectiveDates());
        assertSame(c, c.at(Long.MIN_VALUE));
        assertSame(c, c.at(JAN_20));
        assertEquals(
                c,
                new PriceCatalog(
                        c.currency(),
                        List.of(new GpuRate("A100", "aws", Money.parse("2.5"))),
                        List.of(new GpuAssignment("llama", "A100", "aws")),
                        List.of(),
                        List.of()));
    }

    /**
     * Seven days of hours straddling the GPU rate change, each priced with the catalog in force at the
     * hour's start, against BigDecimal arithmetic on the rates as written in the YAML.
     */
    @Test
    void hoursArePricedWithTheRateInForceAtTheirStart() throws Exception {
        PriceCatalog c = reader.parse(DATED, "dated.yaml");
        CostKey key = new CostKey("uc", "llama", "v1", "prod");
        long first = JAN_20 - 72 * HOUR;
        for (long start = first; start < first + 7 * 24 * HOUR; start += HOUR) {
            double millis = 1_000 + (start / HOUR % 97) * 12_345.5;
            Money actual = new CostAttribution(c.at(start))
                    .attribute(key, UsageDeltas.builder().durationMillis(millis).build())
                    .cost();
            BigDecimal rate = start < JAN_20 ? new BigDecimal("2.50") : new BigDecimal("2.00");
            BigDecimal expected = rate.multiply(BigDecimal.valueOf(millis))
                    .divide(BigDecimal.valueOf(HOUR), 6, RoundingMode.HALF_EVEN);
            assertEquals(expected, actual.toBigDecimal(), "hour starting " + Instant.ofEpochMilli(start));
        }
    }

    @Test
    void twoEntriesForOneSubjectAtTheSameInstant() {
        assertProblems(
                """
                tokens:
                  - {model: gpt, input: 1, output: 2, effective-from: 2026-01-20}
                  - {model: gpt, input: 1, output: 3, effective-from: "2026-01-20T01:00:00+01:00"}
                """,
                "bad.yaml:3: tokens[1].effective-from: duplicate token price for model gpt in force from"
                        + " 2026-01-20T00:00:00Z (first at tokens[0])");
    }

    @Test
    void entriesOutOfOrder() {
        assertProblems(
                """
                use-cases:
                  - {name: uc, value-per-inference: 1, monthly-budget: 5, effective-from: 2026-02-01}
                  - {name: uc, value-per-inference: 2, monthly-budget: 5, effective-from: 2026-01-01}
                  - {name: uc, value-per-inference: 3, monthly-budget: 5}
                """,
                "bad.yaml:3: use-cases[1].effective-from: entries out of order: use case uc in force from"
                        + " 2026-01-01T00:00:00Z is listed after its entry in force from 2026-02-01T00:00:00Z"
                        + " (at use-cases[0])",
                "bad.yaml:4: use-cases[2]: entries out of order: use case uc in force from the start");
    }

    @Test
    void aModelAssignedToAGpuBeforeItsFirstRateLeavesAGap() {
        assertProblems(
                """
                gpu:
                  rates:
                    - {type: H100, provider: aws, hourly: 4, effective-from: 2026-02-01}
                  models:
                    - {model: llama, type: H100, provider: aws, effective-from: 2026-01-15}
                """,
                "bad.yaml:5: gpu.models[0].type: model llama is mapped to GPU type H100 at provider aws from"
                        + " 2026-01-15T00:00:00Z but gpu.rates prices it only from 2026-02-01T00:00:00Z");
        assertProblems(
                """
                gpu:
                  rates: [{type: H100, provider: aws, hourly: 4, effective-from: 2026-02-01}]
                  models: [{model: llama, type: H100, provider: aws}]
                """,
                "bad.yaml:3: gpu.models[0].type: model llama is mapped to GPU type H100 at provider aws from the start"
                        + " but gpu.rates prices it only from 2026-02-01T00:00:00Z");
    }

    @Test
    void malformedOrNonHourDates() {
        assertProblems(
                """
                tokens:
                  - {model: a, input: 1, output: 2, effective-from: 20.01.2026}
                  - {model: b, input: 1, output: 2, effective-from: 2026-01-20T10:30:00Z}
                  - {model: c, input: 1, output: 2, effective-from: 2026-01-20T10:00:00}
                  - {model: d, input: 1, output: 2, effective-from: 2026}
                """,
                "bad.yaml:2: tokens[0].effective-from: must be an RFC 3339 date-time with offset",
                "bad.yaml:3: tokens[1].effective-from: must be on a whole UTC hour (hours are priced whole),"
                        + " got 2026-01-20T10:30:00Z",
                "bad.yaml:4: tokens[2].effective-from: must be an RFC 3339 date-time with offset",
                "bad.yaml:5: tokens[3].effective-from: must be an RFC 3339 date-time with offset");
    }

    private void assertProblems(String yaml, String... expectedPrefixes) {
        CatalogException e = assertThrows(CatalogException.class, () -> reader.parse(yaml, "bad.yaml"));
        List<String> problems =
                e.problems().stream().map(CatalogProblem::toString).toList();
        assertEquals(expectedPrefixes.length, problems.size(), () -> "problems: " + problems);
        for (int i = 0; i < expectedPrefixes.length; i++) {
            String expected = expectedPrefixes[i];
            String actual = problems.get(i);
            assertTrue(actual.startsWith(expected), () -> "expected '" + expected + "…' but was '" + actual + "'");
        }
    }
}
