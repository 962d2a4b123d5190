package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** The demo's arguments as README and DemoITCase give them (DemoITCase itself needs VictoriaMetrics). */
class DemoRunnerOptionsTest {

    /** deploy/cost/prices.yaml, from devstack/ where the tests run (the demo itself runs from the repository root). */
    private static final String CATALOG = "cost.catalog-file="
            + Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("cost/prices.yaml");

    @Test
    void defaultsAreThoseOfTheHelp() {
        DemoRunner.Options o = DemoRunner.Options.parse();
        assertEquals(Duration.ofDays(35), o.days);
        assertEquals(Duration.ofMinutes(5), o.exportInterval);
        assertEquals(40, o.inferences);
        assertEquals(Duration.ofDays(30), o.baseline);
        assertEquals(8428, o.vmPort);
        assertEquals(Path.of("devstack/target/driftwatch-demo.html"), o.html);
        assertFalse(o.noWait);
        assertNull(o.configFile);
        assertEquals(List.of(), o.overrides);
    }

    @Test
    void demoItCaseArgumentsAndBothOptionForms() {
        DemoRunner.Options o = DemoRunner.Options.parse(
                "--days",
                "8d",
                "--baseline",
                "5d",
                "--vm-port",
                "0",
                "--no-wait",
                "--set",
                "cost.catalog-file=/tmp/prices.yaml",
                "--set",
                "flink.parallelism=2");
        assertEquals(Duration.ofDays(8), o.days);
        assertEquals(Duration.ofDays(5), o.baseline);
        assertEquals(0, o.vmPort);
        assertTrue(o.noWait);
        assertEquals(List.of("cost.catalog-file=/tmp/prices.yaml", "flink.parallelism=2"), o.overrides);
        assertEquals(Path.of("/tmp/report.html"), DemoRunner.Options.parse("--html", "/tmp/report.html").html);

        DemoRunner.Options inline =
                DemoRunner.Options.parse("--config=my.yaml", "--set=kafka.group-id=a=b", "--days=1w");
        assertEquals(Path.of("my.yaml"), inline.configFile);
        assertEquals(List.of("kafka.group-id=a=b"), inline.overrides);
        assertEquals(Duration.ofDays(7), inline.days);
    }

    @Test
    void theJobConfigurationIsCheckedBeforeAnythingStarts() {
        DemoRunner.Options good = DemoRunner.Options.parse("--set", CATALOG, "--set", "flink.parallelism=2");
        good.checkConfiguration();

        ParameterException e = assertThrows(
                ParameterException.class,
                () -> DemoRunner.Options.parse("--set", CATALOG, "--set", "confidence.baseline.period=banana")
                        .checkConfiguration());
        assertTrue(
                e.getMessage().startsWith("invalid job configuration\n")
                        && e.getMessage()
                                .contains("--set confidence.baseline.period=banana: \"banana\" is not a duration"),
                e.getMessage());
        ParameterException file = assertThrows(
                ParameterException.class,
                () -> DemoRunner.Options.parse("--config", "no-such.yaml", "--set", CATALOG)
                        .checkConfiguration());
        assertTrue(file.getMessage().contains("no-such.yaml"), file.getMessage());
    }
}
