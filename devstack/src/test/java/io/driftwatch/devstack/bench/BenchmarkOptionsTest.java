package io.driftwatch.devstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmarks' flags as BENCHMARKS.md and driftwatch.sh give them, parsed without running. */
class BenchmarkOptionsTest {

    private static <T> T parse(CommandLine commandLine, String... args) {
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    @Test
    void foundationAndCostBenchmarksShareServicesAndHours() {
        ThroughputBenchmark.Options defaults = parse(ThroughputBenchmark.commandLine(System.out, System.err));
        assertEquals(500, defaults.input.services());
        assertEquals(24, defaults.input.hours());
        ThroughputBenchmark.Options bench =
                parse(ThroughputBenchmark.commandLine(System.out, System.err), "--hours", "72");
        assertEquals(72, bench.input.hours());
        CostThroughputBenchmark.Options cost =
                parse(CostThroughputBenchmark.commandLine(System.out, System.err), "--hours", "24", "--services=50");
        assertEquals(24, cost.input.hours());
        assertEquals(50, cost.input.services());
    }

    @Test
    void featureDriftBenchmarkPartsDaysSpansAndSavepoint() {
        FeatureDriftBenchmark.Options defaults = parse(FeatureDriftBenchmark.commandLine(System.out, System.err));
        assertEquals(
                List.of(
                        FeatureDriftBenchmark.Part.UPDATE,
                        FeatureDriftBenchmark.Part.COST,
                        FeatureDriftBenchmark.Part.STATE,
                        FeatureDriftBenchmark.Part.E2E),
                List.copyOf(defaults.parts));
        assertEquals(35, defaults.days);
        assertEquals(250, defaults.spans);
        assertFalse(defaults.savepoint);
        FeatureDriftBenchmark.Options state = parse(
                FeatureDriftBenchmark.commandLine(System.out, System.err),
                "--parts",
                "state",
                "--days",
                "8",
                "--spans",
                "100",
                "--savepoint");
        assertEquals(List.of(FeatureDriftBenchmark.Part.STATE), List.copyOf(state.parts));
        assertEquals(8, state.days);
        assertEquals(100, state.spans);
        assertTrue(state.savepoint);
        FeatureDriftBenchmark.Options two =
                parse(FeatureDriftBenchmark.commandLine(System.out, System.err), "--parts", "E2E,update");
        assertEquals(
                List.of(FeatureDriftBenchmark.Part.E2E, FeatureDriftBenchmark.Part.UPDATE), List.copyOf(two.parts));
    }
}
