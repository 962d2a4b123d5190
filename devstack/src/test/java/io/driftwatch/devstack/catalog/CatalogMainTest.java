package io.driftwatch.devstack.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code catalog publish} refuses before touching Kafka: an invalid catalog (exit 1, every problem
 * with file, line and key) and a missing topic (exit 2, the option named). Publishing itself runs
 * against a real broker in {@code CostCatalogTopicITCase}. The brokers given here do not exist: a
 * refused catalog must never get as far as connecting.
 */
class CatalogMainTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return CatalogMain.commandLine(new PrintStream(out, true), new PrintStream(err, true))
                .execute(args);
    }

    @Test
    void anInvalidCatalogIsNotPublishedAndEveryProblemIsNamed() throws Exception {
        Path file = Files.writeString(
                dir.resolve("prices.yaml"),
                "use-cases:\n  - {name: u, value-per-inference: -1, monthly-budget: 10}\n  - {name: v}\n");
        int exit = run("publish", file.toString(), "--bootstrap-servers", "127.0.0.1:1", "--topic", "ml.cost.catalog");
        assertEquals(1, exit, err.toString());
        String e = err.toString();
        assertTrue(e.contains(file + ":2: use-cases[0].value-per-inference: "), e);
        assertTrue(e.contains(file + ":3: use-cases[1]"), e);
        assertTrue(e.contains("nothing published"), e);
        assertEquals("", out.toString());
    }

    @Test
    void withoutATopicTheCommandSaysWhichOptionIsMissing() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.yaml"), "currency: EUR\n");
        int exit = run("publish", file.toString(), "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--topic"), err.toString());
    }
}
