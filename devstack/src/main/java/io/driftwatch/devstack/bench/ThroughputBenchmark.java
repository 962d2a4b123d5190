package io.driftwatch.devstack.bench;

import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpMetricsDecoder;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.cli.CommandLines;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The foundation benchmark, in one run on one input: (1) the bare OTLP decode rate on one core, (2)
 * the confidence job's end-to-end rate from Kafka to remote write into a real VictoriaMetrics, (3)
 * the job's state per active series, read off a savepoint. Prints a Markdown table for
 * BENCHMARKS.md.
 *
 * <p>Input: {@code --services N} simulated service replicas (default 500, ten per model group), each
 * recording into the OpenTelemetry SDK's instruments (the {@link LoadGenerator}'s: confidence,
 * duration by status, tokens, GPU cost, two feature series, the GPU utilisation gauge) and exporting
 * every minute for {@code --hours H} (default 24) of event time, as {@code otlp_proto} records keyed
 * by resource.
 */
public final class ThroughputBenchmark {

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** The command-line options; {@link #call} runs the benchmark. */
    @Command(
            name = "./driftwatch.sh bench",
            description = "The foundation benchmark: the bare OTLP decode rate, the confidence job's end-to-end rate"
                    + " from Kafka to remote write into VictoriaMetrics, and its state per series; prints a Markdown"
                    + " table for BENCHMARKS.md.",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Mixin
        BenchmarkJobs.InputOptions input;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            run(input);
            return 0;
        }
    }

    static void run(BenchmarkJobs.InputOptions options) throws Exception {
        int services = options.services();
        int hours = options.hours();
        LoadScenario scenario = input(services, hours);

        // Generated once, then decoded and written to Kafka: every measure of the run sees the same input.
        List<byte[]> records = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long g0 = System.nanoTime();
        LoadGenerator.replay(scenario, (encoding, key, value, t) -> {
            records.add(value);
            keys.add(key);
            times.add(t);
        });
        double generateSeconds = (System.nanoTime() - g0) / 1e9;
        long points = decodedPoints(records);
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        System.out.printf(
                "input: %,d records, %,d data points, %,d bytes (%d services x %d h, 1 min export)%n",
                records.size(), points, bytes, services, hours);
        System.out.printf(
                "load generator (OpenTelemetry SDK record + collect + OTLP marshal, one thread): %,.0f records/s,"
                        + " %,.0f points/s%n",
                records.size() / generateSeconds, points / generateSeconds);

        double decodeRate = decodeRate(records, points);
        System.out.printf("bare decode: %,.0f points/s on one thread%n", decodeRate);

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            kafka.createTopics(4, "otlp_metrics");
            kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters");
            try (KafkaOtlpWriter writer =
                    new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", "otlp_metrics"))) {
                for (int i = 0; i < records.size(); i++) {
                    writer.send("otlp_proto", keys.get(i), records.get(i), times.get(i));
                }
            }
            List<String> common = List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "remote-write.url=" + vm.writeUrl(),
                    "flink.parallelism=2",
                    "flink.checkpoint-interval=10s");

            BenchmarkJobs.Runtime run = BenchmarkJobs.bounded(common, "bench", "bench-end-to-end");
            double netSeconds = run.netSeconds();
            System.out.printf(
                    "end to end: %,.0f points/s (net job runtime %.1f s; %.1f s wall including start-up)%n",
                    points / netSeconds, netSeconds, run.wallSeconds());

            // State: an unbounded run over the same input, stopped with a savepoint once it has read everything.
            long savepointBytes = BenchmarkJobs.savepointBytes(
                    common, "bench-state", "bench-state", (long) (netSeconds * 1000 * 2) + 5000);
            long series = services; // confidence histogram series: one per replica
            long groups = scenario.models().stream()
                    .map(SimulatedModel::groupKey)
                    .distinct()
                    .count();
            System.out.printf(
                    "state: savepoint %,d bytes for %,d active confidence series and %,d groups:"
                            + " %,.0f bytes per series (all operator state included)%n",
                    savepointBytes, series, groups, (double) savepointBytes / series);
            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf(
                    "| load generator, one thread (SDK instruments, collection, OTLP marshalling) | %,.0f records/s, %,.0f points/s |%n",
                    records.size() / generateSeconds, points / generateSeconds);
            System.out.printf("| bare OTLP decode, one thread | %,.0f points/s |%n", decodeRate);
            System.out.printf(
                    "| end to end, Kafka → Flink (parallelism 2) → remote write | %,.0f points/s |%n",
                    points / netSeconds);
            System.out.printf("| end-to-end / bare decode | %.2f |%n", points / netSeconds / decodeRate);
            System.out.printf(
                    "| savepoint bytes per active series (%d series in %d groups) | %,.0f |%n",
                    series, groups, (double) savepointBytes / series);
        }
    }

    /** The data points in {@code records}, as the decoder counts them. */
    static long decodedPoints(List<byte[]> records) {
        OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(DecoderOptions.defaults());
        return records.stream()
                .mapToLong(r ->
                        decoder.decode(r, OtlpEncoding.OTLP_PROTO).accepted().size())
                .sum();
    }

    /**
     * The benchmark input: {@code services} replicas, ten per model group (model-(g mod 10), version
     * v(g div 10), use_case_(g mod 7), production), exporting every minute for {@code hours} hours.
     */
    static LoadScenario input(int services, int hours) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        LoadScenario.Builder sb = LoadScenario.builder()
                .start(start)
                .length(Duration.ofHours(hours))
                .exportInterval(Duration.ofMinutes(1))
                .meanInferencesPerInterval(4);
        // Ten replicas per model group, as a service with ten pods: 500 series in 50 groups by default.
        for (int s = 0; s < services; s++) {
            int group = s / 10;
            sb.addModel(SimulatedModel.stable(
                            "model-" + (group % 10),
                            "v" + (group / 10),
                            "use_case_" + (group % 7),
                            "production",
                            "otlp_proto",
                            17,
                            3)
                    .withInstance(s % 10));
        }
        return sb.build();
    }

    static double decodeRate(List<byte[]> records, long points) {
        OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(DecoderOptions.defaults());
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long decoded = 0;
            long t0 = System.nanoTime();
            for (byte[] r : records) {
                decoded += decoder.decode(r, OtlpEncoding.OTLP_PROTO).accepted().size();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (decoded != points) {
                throw new IllegalStateException("decoded " + decoded + " of " + points + " points");
            }
            best = Math.max(best, decoded / seconds);
        }
        return best;
    }
}
