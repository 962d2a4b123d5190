package io.driftwatch.devstack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.bench.AllAnalysesBenchmark;
import io.driftwatch.devstack.bench.FeatureDriftBenchmark;
import io.driftwatch.devstack.bench.ScaleBenchmark;
import io.driftwatch.devstack.demo.DemoRunner;
import io.driftwatch.devstack.loadgen.LoadGeneratorMain;
import io.driftwatch.devstack.servers.FlinkStandaloneCluster;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Every devstack command line, in-process, exactly as its {@code main} builds it: {@code --help} exits 0
 * and lists every option and argument with its default; a bad argument exits 2 with the command's name,
 * a message naming the option and the value, the synopsis and the pointer to {@code --help}. Only the
 * last step, running the command, is replaced by a failure: a case that wrongly parsed would otherwise
 * start Kafka, Flink or VictoriaMetrics.
 */
class CommandLinesTest {

    private static final String HINT = "Run with --help for every option.\n";

    /**
     * name, factory, the flags that README, BENCHMARKS.md, driftwatch.sh and the compose file use, valid
     * positional arguments (picocli reports a missing or bad positional one before an unknown option).
     */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(
                        "loadgen",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) LoadGeneratorMain::commandLine,
                        Set.of(
                                "--bootstrap-servers",
                                "--scenario",
                                "--days",
                                "--rate",
                                "--count",
                                "--duration",
                                "--encoding",
                                "--topic-metrics",
                                "--topic-spans",
                                "--otlp-endpoint",
                                "--otlp-timeout",
                                "--export-interval",
                                "--inferences",
                                "--span-sample-ratio",
                                "--seed",
                                "--help"),
                        List.of()),
                Arguments.of(
                        "./driftwatch.sh demo",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) DemoRunner::commandLine,
                        Set.of(
                                "--days",
                                "--export-interval",
                                "--inferences",
                                "--baseline",
                                "--vm-port",
                                "--html",
                                "--no-wait",
                                "--config",
                                "--set",
                                "--help"),
                        List.of()),
                Arguments.of(
                        "./driftwatch.sh bench",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) AllAnalysesBenchmark::commandLine,
                        Set.of("--services", "--hours", "--skip-alone", "--no-warm-up", "--help"),
                        List.of()),
                Arguments.of(
                        "./driftwatch.sh bench-drift",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) FeatureDriftBenchmark::commandLine,
                        Set.of("--days", "--spans", "--parts", "--savepoint", "--help"),
                        List.of()),
                Arguments.of(
                        "./driftwatch.sh bench-scale",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) ScaleBenchmark::commandLine,
                        Set.of("--model-versions", "--features", "--hours", "--baseline-hours", "--values", "--help"),
                        List.of()),
                Arguments.of(
                        "FlinkStandaloneCluster",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) FlinkStandaloneCluster::commandLine,
                        Set.of("--help"),
                        List.of("flink-classpath.txt", "work")),
                Arguments.of(
                        "VictoriaMetricsServer",
                        (BiFunction<PrintStream, PrintStream, CommandLine>) VictoriaMetricsServer::commandLine,
                        Set.of("--help"),
                        List.of()));
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(BiFunction<PrintStream, PrintStream, CommandLine> factory, String... args) {
        out.reset();
        err.reset();
        CommandLine commandLine = factory.apply(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            throw new AssertionError("would run with " + parseResult.originalArgs());
        });
        return commandLine.execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpExitsZeroAndListsEveryOptionWithItsDefault(
            String name,
            BiFunction<PrintStream, PrintStream, CommandLine> factory,
            Set<String> flags,
            List<String> positionals) {
        CommandLine commandLine = factory.apply(System.out, System.err);
        assertEquals(name, commandLine.getCommandSpec().qualifiedName());
        assertEquals(
                new TreeSet<>(flags),
                new TreeSet<>(commandLine.getCommandSpec().options().stream()
                        .map(OptionSpec::longestName)
                        .toList()),
                "the documented flags, no more, no fewer");

        for (String help : List.of("--help", "-h")) {
            assertEquals(0, execute(factory, help), stderr());
            assertTrue(stdout().startsWith("usage: "), stdout());
            assertEquals("", stderr());
        }
        String help = stdout();
        for (ArgSpec arg : commandLine.getCommandSpec().args()) {
            String label = arg instanceof OptionSpec o ? o.longestName() : ((PositionalParamSpec) arg).paramLabel();
            assertTrue(help.contains(label), label + " in\n" + help);
            if (arg.defaultValue() != null) {
                assertTrue(
                        help.replaceAll("\\s+", " ").contains("default: " + arg.defaultValue()),
                        label + "'s default " + arg.defaultValue() + " in\n" + help);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void anUnknownOptionExitsTwoNamingIt(
            String name,
            BiFunction<PrintStream, PrintStream, CommandLine> factory,
            Set<String> flags,
            List<String> positionals) {
        List<String> args = new ArrayList<>(positionals);
        args.add("--colour");
        assertEquals(2, execute(factory, args.toArray(String[]::new)));
        String[] lines = stderr().split("\n");
        assertTrue(lines[0].startsWith(name + ": Unknown option") && lines[0].contains("'--colour'"), stderr());
        assertTrue(stderr().contains("\nusage: ") && stderr().endsWith(HINT), stderr());
        assertEquals("", stdout());
    }

    static Stream<Arguments> badValues() {
        BiFunction<PrintStream, PrintStream, CommandLine> loadgen = LoadGeneratorMain::commandLine;
        BiFunction<PrintStream, PrintStream, CommandLine> demo = DemoRunner::commandLine;
        BiFunction<PrintStream, PrintStream, CommandLine> bench = AllAnalysesBenchmark::commandLine;
        BiFunction<PrintStream, PrintStream, CommandLine> driftBench = FeatureDriftBenchmark::commandLine;
        BiFunction<PrintStream, PrintStream, CommandLine> scale = ScaleBenchmark::commandLine;
        BiFunction<PrintStream, PrintStream, CommandLine> cluster = FlinkStandaloneCluster::commandLine;
        BiFunction<PrintStream, PrintStream, CommandLine> vm = VictoriaMetricsServer::commandLine;
        return Stream.of(
                Arguments.of(
                        scale,
                        List.of("--features", "0"),
                        "Invalid value for option '--features': must be at least 1, got 0"),
                Arguments.of(
                        loadgen,
                        List.of("--days", "abc"),
                        "Invalid value for option '--days': \"abc\" is not a duration"
                                + " (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)"),
                Arguments.of(
                        loadgen, List.of("--days", "0"), "Invalid value for option '--days': must be positive, got 0s"),
                Arguments.of(
                        loadgen,
                        List.of("--duration", "-1h"),
                        "Invalid value for option '--duration': \"-1h\" is not a duration"),
                Arguments.of(
                        loadgen,
                        List.of("--rate", "fast"),
                        "Invalid value for option '--rate': 'fast' is not a number"),
                Arguments.of(
                        loadgen,
                        List.of("--rate", "-5"),
                        "Invalid value for option '--rate': must be a number >= 0, got '-5'"),
                Arguments.of(
                        loadgen,
                        List.of("--count", "0"),
                        "Invalid value for option '--count': must be at least 1, got 0"),
                Arguments.of(
                        loadgen,
                        List.of("--encoding", "otlp_xml"),
                        "Invalid value for option '--encoding': unsupported"
                                + " OTLP Kafka encoding \"otlp_xml\": expected one of otlp_proto, otlp_json"),
                Arguments.of(
                        loadgen,
                        List.of("--otlp-endpoint", "otel-collector:4318"),
                        "Invalid value for option '--otlp-endpoint': must be an http(s)://host:port address, got"
                                + " 'otel-collector:4318'"),
                Arguments.of(
                        loadgen,
                        List.of("--scenario", "stable,drift"),
                        "Invalid value for option '--scenario' (LIST): unknown" + " scenario \"drift\""),
                Arguments.of(
                        loadgen,
                        List.of("--span-sample-ratio", "2"),
                        "Invalid value for option '--span-sample-ratio':" + " must be in [0, 1], got '2'"),
                Arguments.of(
                        loadgen,
                        List.of("--inferences", "many"),
                        "Invalid value for option '--inferences': 'many' is not an int"),
                Arguments.of(loadgen, List.of("--seed", "x"), "Invalid value for option '--seed': 'x' is not a long"),
                Arguments.of(loadgen, List.of("--days"), "Missing required parameter for option '--days' (DURATION)"),
                Arguments.of(
                        demo,
                        List.of("--vm-port", "70000"),
                        "Invalid value for option '--vm-port': must be a port, 0 to" + " 65535, got 70000"),
                Arguments.of(
                        demo,
                        List.of("--export-interval", "5x"),
                        "Invalid value for option '--export-interval': \"5x\""),
                Arguments.of(
                        demo, List.of("--baseline", "0"), "Invalid value for option '--baseline': must be positive"),
                Arguments.of(
                        demo,
                        List.of("--inferences", "0"),
                        "Invalid value for option '--inferences': must be at least 1, got 0"),
                Arguments.of(
                        demo,
                        List.of("--config", "a.yaml", "--config=b.yaml"),
                        "option '--config' (FILE) should be" + " specified only once"),
                Arguments.of(demo, List.of("--set"), "Missing required parameter for option '--set' (KEY=VALUE)"),
                Arguments.of(
                        bench, List.of("--hours", "abc"), "Invalid value for option '--hours': 'abc' is not an int"),
                Arguments.of(
                        bench,
                        List.of("--services", "0"),
                        "Invalid value for option '--services': must be at least 1, got 0"),
                Arguments.of(
                        bench,
                        List.of("--skip-alone=yes"),
                        "Invalid value for option '--skip-alone': 'yes' is not a boolean"),
                Arguments.of(
                        bench, List.of("--hours", "1.5"), "Invalid value for option '--hours': '1.5' is not an int"),
                Arguments.of(
                        driftBench,
                        List.of("--parts", "state,e3e"),
                        "Invalid value for option '--parts' (PART): expected"
                                + " one of update, cost, state, e2e, got 'e3e'"),
                Arguments.of(
                        driftBench, List.of("--days", "35d"), "Invalid value for option '--days': '35d' is not an int"),
                Arguments.of(
                        driftBench,
                        List.of("--spans", "-1"),
                        "Invalid value for option '--spans': must be at least 1, got -1"),
                Arguments.of(cluster, List.of(), "Missing required parameters: 'FLINK_CLASSPATH_FILE', 'WORK_DIR'"),
                Arguments.of(
                        cluster,
                        List.of("cp.txt", "work", "http"),
                        "Invalid value for positional parameter at index 2" + " (REST_PORT): 'http' is not an int"),
                Arguments.of(
                        cluster, List.of("cp.txt", "work", "-1"), "(REST_PORT): must be a port, 0 to 65535, got -1"),
                Arguments.of(
                        vm,
                        List.of("port"),
                        "Invalid value for positional parameter at index 0 (PORT): 'port' is not an int"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueExitsTwoNamingTheOptionAndTheValue(
            BiFunction<PrintStream, PrintStream, CommandLine> factory, List<String> args, String message) {
        String name = factory.apply(System.out, System.err).getCommandSpec().qualifiedName();
        assertEquals(2, execute(factory, args.toArray(String[]::new)), stderr());
        String[] lines = stderr().split("\n");
        assertTrue(lines[0].startsWith(name + ": ") && lines[0].contains(message), stderr());
        assertEquals("usage: ", lines[lines.length - 2].substring(0, 7), stderr());
        assertTrue(stderr().endsWith(HINT), stderr());
        assertEquals("", stdout());
    }

    @Test
    void durationsAreTheJobConfigurationsOnes() {
        Converters.DurationConverter durations = new Converters.DurationConverter();
        assertEquals(Duration.ofMinutes(90), durations.convert("1h30m"));
        assertEquals(Duration.ofDays(35), durations.convert("35d"));
        assertEquals(Duration.ofHours(24), durations.convert("PT24H"));
        assertEquals(Duration.ZERO, durations.convert("0"));
        assertEquals(Duration.ofMillis(500), new Converters.PositiveDuration().convert("500ms"));
        TypeConversionException zero =
                assertThrows(TypeConversionException.class, () -> new Converters.PositiveDuration().convert("0"));
        assertEquals("must be positive, got 0s", zero.getMessage());
        assertEquals(0, new Converters.Port().convert("0"));
        assertEquals(65_535, new Converters.Port().convert("65535"));
        assertEquals(0.0, new Converters.NonNegativeDouble().convert("0"));
        assertThrows(TypeConversionException.class, () -> new Converters.NonNegativeDouble().convert("NaN"));
        assertThrows(TypeConversionException.class, () -> new Converters.NonNegativeDouble().convert("Infinity"));
        assertEquals(1.0, new Converters.Probability().convert("1"));
        assertEquals(Long.MAX_VALUE, new Converters.PositiveLong().convert(String.valueOf(Long.MAX_VALUE)));
        assertTrue(Arrays.asList(1, 2).contains(new Converters.PositiveInt().convert(" 2 ")));
    }
}
