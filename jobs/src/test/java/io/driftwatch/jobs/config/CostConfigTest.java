package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.money.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost section: its catalog is read and validated at start-up, its problems reported with file, line and key. */
class CostConfigTest {

    @TempDir
    Path dir;

    @Test
    void disabledByDefaultAndNeedsNoCatalog() {
        CostConfig c = DriftwatchConfig.defaults().cost();
        assertFalse(c.enabled());
        assertEquals("EUR", c.currency());
        assertTrue(c.catalog().useCases().isEmpty());
    }

    @Test
    void readsTheCatalogWhenEnabled() throws Exception {
        Path catalog = Files.writeString(dir.resolve("prices.yaml"), """
                use-cases:
                  - {name: search, value-per-inference: 0.002, monthly-budget: 1000}
                """);
        CostConfig c = TestConfigs.load(null, "cost.enabled=true", "cost.catalog-file=" + catalog)
                .cost();
        assertEquals(
                Money.parse("0.002"),
                c.catalog().useCase("search").orElseThrow().valuePerInference());
    }

    @Test
    void aBadCatalogFailsTheStartWithTheCatalogsOwnFileLineAndKey() throws Exception {
        Path catalog = Files.writeString(dir.resolve("prices.yaml"), """
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: -2.5}
                use-cases:
                  - {name: search, value-per-inference: 0.002, budget: 1000}
                """);
        List<String> problems = problems("cost:\n  enabled: true\n  catalog-file: " + catalog + "\n");
        String prefix = "driftwatch.yaml:3:3: cost.catalog-file: invalid price catalog: " + catalog;
        assertEquals(
                List.of(
                        prefix + ":3: gpu.rates[0].hourly: must not be negative, got -2.5",
                        prefix
                                + ":5: use-cases[0].budget: unknown key 'budget' (allowed: [effective-from, monthly-budget, name, value-per-inference])",
                        prefix + ":5: use-cases[0]: missing required field 'monthly-budget'"),
                problems);
    }

    @Test
    void aMissingCatalogFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        List<String> problems = problems(null, "cost.enabled=true", "cost.catalog-file=" + missing);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith("--set cost.catalog-file=" + missing + ": invalid price catalog: " + missing
                                + ": cannot read"),
                problems.get(0));
    }

    @Test
    void enabledWithoutCatalogAndCurrencyMismatchAreErrors() throws Exception {
        assertEquals(
                List.of("--set cost.enabled=true: needs cost.catalog-file (the price catalog)"),
                problems(null, "cost.enabled=true"));
        Path catalog = Files.writeString(dir.resolve("usd.yaml"), "currency: USD\n");
        assertEquals(
                List.of("--set cost.catalog-file=" + catalog + ": the catalog " + catalog
                        + " is in USD but cost.currency is EUR: one currency per deployment"),
                problems(null, "cost.enabled=true", "cost.catalog-file=" + catalog));
        assertEquals(
                List.of("--set cost.currency=eur: must be an ISO 4217 code of three capital letters (got \"eur\")"),
                problems(null, "cost.currency=eur"));
    }

    @Test
    void factorsAreChecked() {
        assertEquals(
                List.of("--set cost.share-factor=0: must be greater than 0 (got 0.0)"),
                problems(null, "cost.share-factor=0"));
        assertEquals(
                List.of("--set cost.projection-days=32: must be at most 31 (got 32)"),
                problems(null, "cost.projection-days=32"));
        assertEquals(
                List.of("--set cost.idle.allocation=some: must be one of none, proportional (got \"some\")"),
                problems(null, "cost.idle.allocation=some"));
    }
}
