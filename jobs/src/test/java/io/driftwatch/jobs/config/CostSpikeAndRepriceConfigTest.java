package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cost.spike and cost.reprice: defaults, and every problem named with its key. */
class CostSpikeAndRepriceConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        CostConfig c = DriftwatchConfig.defaults().cost();
        assertEquals(new CostConfig.SpikeConfig(4, 3, 4.0, 2.0), c.spike());
        assertFalse(c.reprice().active());
    }

    @Test
    void spikeSettingsAreChecked() {
        assertEquals(
                List.of("--set cost.spike.min-weeks=5: must be at most cost.spike.weeks (4, got 5)"),
                problems(null, "cost.spike.min-weeks=5"));
        assertEquals(
                List.of("--set cost.spike.weeks=13: must be at most 12 (got 13)"),
                problems(null, "cost.spike.weeks=13"));
        assertEquals(
                List.of("--set cost.spike.threshold=0: must be greater than 0 (got 0.0)"),
                problems(null, "cost.spike.threshold=0"));
        assertEquals(
                List.of("--set cost.spike.min-ratio=0.5: must be at least 1 (got 0.5)"),
                problems(null, "cost.spike.min-ratio=0.5"));
    }

    @Test
    void aRepricingRunIsRead() throws Exception {
        Path catalog = Files.writeString(dir.resolve("third.yaml"), "currency: EUR\n");
        CostConfig.RepriceConfig r = DriftwatchConfig.load(
                        null,
                        List.of(
                                "cost.reprice.name=q3",
                                "cost.reprice.from=2026-01-05T00:00:00Z",
                                "cost.reprice.until=2026-02-01T00:00:00Z",
                                "cost.reprice.catalog-file=" + catalog))
                .cost()
                .reprice();
        assertTrue(r.active());
        assertEquals(Instant.parse("2026-01-05T00:00:00Z").toEpochMilli(), r.fromMillis());
        assertEquals(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli(), r.untilMillis());
        assertEquals(r.fromMillis() - 3_600_000L, r.readFromMillis());
        assertEquals(catalog.toString(), r.catalogFile());
    }

    @Test
    void repricingProblemsNameTheirKeys() throws Exception {
        List<String> missing = problems(null, "cost.reprice.name=q3");
        assertEquals(2, missing.size(), missing.toString());
        assertHas(missing, "cost.reprice.from", "needs an instant (a whole UTC hour");
        assertHas(missing, "cost.reprice.catalog-file", "needs a price catalog when cost.reprice.name is set");
        Path usd = Files.writeString(dir.resolve("usd.yaml"), "currency: USD\n");
        List<String> p = problems(
                null,
                "cost.reprice.name=a b",
                "cost.reprice.from=2026-01-05T00:30:00Z",
                "cost.reprice.until=2026-01-01T00:00:00Z",
                "cost.reprice.catalog-file=" + usd);
        assertEquals(4, p.size(), p.toString());
        assertHas(p, "--set cost.reprice.name=a b", "\"a b\" is not a pricing label value");
        assertHas(p, "--set cost.reprice.from=2026-01-05T00:30:00Z", "must be a whole UTC hour");
        assertHas(p, "--set cost.reprice.until=2026-01-01T00:00:00Z", "must be after cost.reprice.from");
        assertHas(p, "--set cost.reprice.catalog-file", "is in USD but cost.currency is EUR");
    }

    static void assertHas(List<String> problems, String key, String message) {
        assertTrue(
                problems.stream().anyMatch(x -> x.startsWith(key) && x.contains(message)),
                key + " / " + message + " in " + problems);
    }
}
