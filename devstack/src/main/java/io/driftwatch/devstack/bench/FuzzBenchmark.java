package io.driftwatch.devstack.bench;

import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.fuzz.DecoderFuzz;
import io.driftwatch.connectors.otlp.fuzz.OtlpMutator;
import io.driftwatch.connectors.otlp.fuzz.OtlpMutator.Seed;
import io.driftwatch.connectors.otlp.fuzz.OtlpMutator.Signal;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.drift.cli.CommandLines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The decoder fuzz benchmark: {@code --records N} seeded hostile records (default 1,000,000) through the
 * job's Kafka deserialization schemas for metrics and spans in both encodings (see {@link DecoderFuzz}
 * for what is checked), mutated from real records: six simulated hours of the load generator's metrics
 * and spans, and the OpenTelemetry protocol's own examples. Prints the rate, the cases per mutation kind,
 * the records per rejection reason and every violation; exits 1 when there was one.
 *
 * <p>Deterministic: the scenario starts at a fixed instant and the decoders' clock is fixed, so one
 * {@code --seed} always gives the same cases and counts (only the rate varies).
 */
public final class FuzzBenchmark {

    static final Instant SCENARIO_START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CLOCK = Instant.parse("2026-03-01T00:00:00Z");
    static final int MAX_SEEDS_PER_SIGNAL = 400;

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** The command-line options; {@link #call} runs the benchmark. */
    @Command(
            name = "./driftwatch.sh fuzz",
            description = "Fuzzes the OTLP decoders (metrics and spans, otlp_proto and otlp_json) with seeded hostile"
                    + " records mutated from the load generator's and the protocol's own; prints records/s and the"
                    + " counts per mutation kind and rejection reason.",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Option(
                names = "--records",
                paramLabel = "N",
                defaultValue = "1000000",
                converter = Converters.PositiveLong.class,
                description = "Records to generate and decode (default: ${DEFAULT-VALUE}).")
        long records;

        @Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "1",
                description = "The random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--examples",
                paramLabel = "DIR",
                defaultValue = "connectors/src/test/resources/otlp-examples",
                description = "The OTLP/JSON examples of the protocol (metrics.json, trace.json)"
                        + " (default: ${DEFAULT-VALUE}).")
        Path examples;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            return run(records, seed, examples, System.out) ? 0 : 1;
        }
    }

    /** Runs the benchmark; {@code true} when no violation was found. */
    static boolean run(long records, long seed, Path examples, PrintStream out) throws IOException {
        List<Seed> seeds = seeds(examples);
        DecoderOptions options = DecoderOptions.builder()
                .clock(Clock.fixed(CLOCK, ZoneOffset.UTC))
                .build();
        OtlpMutator mutator = new OtlpMutator(seed, seeds, 2 * options.maxRecordBytes());
        DecoderFuzz fuzz = new DecoderFuzz(options);
        DecoderFuzz.Tally tally = new DecoderFuzz.Tally();
        long start = System.nanoTime();
        fuzz.run(mutator, records, tally);
        double seconds = (System.nanoTime() - start) / 1e9;

        out.printf(
                "fuzz: %,d records (seed %d, %d seed records, max record %,d bytes) in %.1f s: %,.0f records/s%n",
                tally.records, seed, seeds.size(), options.maxRecordBytes(), seconds, tally.records / seconds);
        out.printf(
                "records accepted whole: %,d; with rejections (dead letters): %,d; items accepted: %,d%n",
                tally.recordsAccepted, tally.recordsRejected, tally.itemsAccepted);
        out.println("cases per mutation kind (time generating and decoding them):");
        for (Map.Entry<OtlpMutator.MutationKind, Long> e : tally.byKind.entrySet()) {
            out.printf(
                    "  %-16s %,12d  (%,.1f s)%n",
                    e.getKey().name().toLowerCase(java.util.Locale.ROOT),
                    e.getValue(),
                    tally.nanosByKind.get(e.getKey()) / 1e9);
        }
        out.println("dead-lettered records per rejection reason (a record may have several):");
        for (Map.Entry<RejectReason, Long> e : tally.recordsByReason.entrySet()) {
            out.printf("  %-22s %,12d%n", e.getKey().label(), e.getValue());
        }
        out.printf("violations: %,d%n", tally.violationCount);
        tally.violations.forEach(v -> out.println("  " + v));
        return tally.violationCount == 0;
    }

    /** Six simulated hours of the load generator (metrics and sampled spans), and the protocol's examples. */
    static List<Seed> seeds(Path examples) throws IOException {
        List<Seed> metrics = new ArrayList<>();
        List<Seed> spans = new ArrayList<>();
        LoadScenario scenario = LoadScenario.builder()
                .start(SCENARIO_START)
                .length(Duration.ofHours(6))
                .spanSampleRatio(0.2)
                .build();
        LoadGenerator.replay(
                scenario,
                (encoding, key, value, ts) -> keep(metrics, Signal.METRICS, encoding, value, ts),
                (encoding, key, value, ts) -> keep(spans, Signal.SPANS, encoding, value, ts),
                (rounds, total) -> {});
        List<Seed> all = new ArrayList<>(metrics);
        all.addAll(spans);
        long examplesTime = 1_544_712_661_300L;
        for (String[] example : new String[][] {{"metrics.json", "METRICS"}, {"trace.json", "SPANS"}}) {
            byte[] json = Files.readAllBytes(examples.resolve(example[0]));
            Signal signal = Signal.valueOf(example[1]);
            Seed seed = new Seed(signal, OtlpEncoding.OTLP_JSON, json, examplesTime);
            all.add(seed);
            all.add(new Seed(signal, OtlpEncoding.OTLP_PROTO, OtlpMutator.toProto(seed), examplesTime));
        }
        return all;
    }

    private static void keep(List<Seed> into, Signal signal, String encoding, byte[] value, long ts) {
        if (into.size() < MAX_SEEDS_PER_SIGNAL) {
            into.add(new Seed(signal, OtlpEncoding.parse(encoding), value, ts));
        }
    }
}
