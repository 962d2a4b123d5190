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
    void allAnalysesBenchmarkServicesHoursSkipAloneAndWarmUp() {
        AllAnalysesBenchmark.Options defaults = parse(AllAnalysesBenchmark.commandLine(System.out, System.err));
        assertEquals(500, defaults.input.services());
        assertEquals(24, defaults.input.hours());
        assertFalse(defaults.skipAlone);
        assertFalse(defaults.noWarmUp);
        AllAnalysesBenchmark.Options bench =
                parse(AllAnalysesBenchmark.commandLine(System.out, System.err), "--hours", "72");
        assertEquals(72, bench.input.hours());
        AllAnalysesBenchmark.Options small = parse(
                AllAnalysesBenchmark.commandLine(System.out, System.err),
                "--hours=3",
                "--services",
                "100",
                "--skip-alone",
                "--no-warm-up");
        assertEquals(3, small.input.hours());
        assertEquals(100, small.input.services());
        assertTrue(small.skipAlone);
        assertTrue(small.noWarmUp);
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
