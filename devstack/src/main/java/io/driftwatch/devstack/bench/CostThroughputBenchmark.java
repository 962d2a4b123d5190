package io.driftwatch.devstack.bench;

import io.driftwatch.cost.ledger.CostLedger;
import io.driftwatch.cost.ledger.HourCost;
import io.driftwatch.cost.money.Money;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.cli.CommandLines;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The cost job's benchmark, on the foundation benchmark's input ({@link ThroughputBenchmark#input}:
 * the four instruments of 500 replicas in 50 cost keys, every minute): (1) the bare OTLP decode rate
 * on one thread, (2) the cost analysis end to end (the confidence analysis off) from Kafka to remote
 * write into a real VictoriaMetrics, beside the confidence analysis alone and both together on the
 * same input in the same run, after one unmeasured warm-up pass, (3) state: the savepoint of the same job, unbounded, after it
 * read everything, per cost key (use case, model, version, environment), and a full {@link
 * CostLedger} (24 priced hours and 32 days) in bytes. Prints a Markdown table for BENCHMARKS.md.
 */
public final class CostThroughputBenchmark {

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** The command-line options; {@link #call} runs the benchmark. */
    @Command(
            name = "CostThroughputBenchmark",
            description =
                    "The cost job's benchmark on the foundation benchmark's input: bare decode, cost end to end"
                            + " beside confidence alone and both, state per cost key; prints a Markdown table for BENCHMARKS.md.",
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
        LoadScenario scenario = ThroughputBenchmark.input(services, hours);
        List<byte[]> records = new ArrayList<>();
        LoadGenerator.replay(scenario, (encoding, key, value, t) -> records.add(value));
        long points = ThroughputBenchmark.decodedPoints(records);
        System.out.printf(
                "input: %,d records, %,d data points (%d services x %d h, 1 min export)%n",
                records.size(), points, services, hours);
        double decodeRate = ThroughputBenchmark.decodeRate(records, points);
        records.clear();
        System.out.printf("bare decode: %,.0f points/s on one thread%n", decodeRate);
        long keys = scenario.models().stream()
                .map(SimulatedModel::groupKey)
                .distinct()
                .count();

        Path dir = Files.createTempDirectory("driftwatch-cost-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            kafka.createTopics(4, "otlp_metrics");
            kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters", "ml.drift.events");
            try (KafkaOtlpWriter writer =
                    new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", "otlp_metrics"))) {
                LoadGenerator.replay(scenario, writer);
            }
            Path catalog = Files.writeString(dir.resolve("prices.yaml"), catalog());
            List<String> common = List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "remote-write.url=" + vm.writeUrl(),
                    "confidence.enabled=false",
                    "cost.enabled=true",
                    "cost.catalog-file=" + catalog,
                    "flink.parallelism=2",
                    "flink.checkpoint-interval=10s");

            // A first, unmeasured pass warms the JIT up, so the first measured job does not pay for it alone.
            System.out.printf(
                    "warm-up (both analyses, not measured): %.1f s%n",
                    netSeconds(common, "warm-up", "confidence.enabled=true"));
            // The same input through the confidence analysis alone, and through both: ratios within this run.
            double netSeconds = netSeconds(common, "cost-bench");
            double rate = points / netSeconds;
            System.out.printf("cost end to end: %,.0f points/s (net job runtime %.1f s)%n", rate, netSeconds);
            double confidenceRate =
                    points / netSeconds(common, "confidence-bench", "confidence.enabled=true", "cost.enabled=false");
            System.out.printf("confidence end to end: %,.0f points/s%n", confidenceRate);
            double bothRate = points / netSeconds(common, "both-bench", "confidence.enabled=true");
            System.out.printf("confidence and cost end to end: %,.0f points/s%n", bothRate);

            long savepointBytes = BenchmarkJobs.savepointBytes(
                    common, "cost-bench-state", "cost-bench-state", (long) (netSeconds * 1000 * 2) + 5000);
            int ledgerBytes = fullLedgerBytes();
            System.out.printf(
                    "state: savepoint %,d bytes for %,d cost keys (%,d series): %,.0f bytes per cost key;"
                            + " a full ledger %,d bytes%n",
                    savepointBytes, keys, services * 3L, (double) savepointBytes / keys, ledgerBytes);
            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf("| bare OTLP decode, one thread | %,.0f points/s |%n", decodeRate);
            System.out.printf(
                    "| cost job end to end, Kafka → Flink (parallelism 2) → remote write | %,.0f points/s |%n", rate);
            System.out.printf("| end-to-end / bare decode | %.2f |%n", rate / decodeRate);
            System.out.printf("| confidence job alone, same input | %,.0f points/s |%n", confidenceRate);
            System.out.printf("| cost ÷ confidence | %.2f |%n", rate / confidenceRate);
            System.out.printf("| both analyses in one job | %,.0f points/s |%n", bothRate);
            System.out.printf(
                    "| savepoint bytes per cost key (%d keys, %d input series) | %,.0f |%n",
                    keys, services * 3L, (double) savepointBytes / keys);
            System.out.printf("| cost ledger of one key, full (24 h + 32 days) | %,d bytes |%n", ledgerBytes);
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    /** Runs the bounded job over the whole topic with {@code common} and {@code more}; its net runtime in seconds. */
    private static double netSeconds(List<String> common, String groupId, String... more) throws Exception {
        return BenchmarkJobs.bounded(common, groupId, groupId, more).netSeconds();
    }

    /** A catalog pricing the input: use_case_0..6 with values and budgets; the services report their own GPU cost. */
    static String catalog() {
        StringBuilder sb = new StringBuilder("use-cases:\n");
        for (int u = 0; u < 7; u++) {
            sb.append("  - {name: use_case_").append(u).append(", value-per-inference: 0.01, monthly-budget: 10000}\n");
        }
        return sb.toString();
    }

    /** The serialised size of a ledger holding 24 priced hours and 32 days, realistic magnitudes. */
    static int fullLedgerBytes() {
        CostLedger ledger = new CostLedger(24);
        long t0 = 1_780_000_000_000L / 3_600_000L * 3_600_000L;
        for (int h = 1; h <= 32 * 24; h++) {
            ledger.record(
                    t0 + h * 3_600_000L,
                    new HourCost(Money.parse("12.345678"), Money.parse("12.345678"), 24_000, 9_000_000));
        }
        return ledger.toBytes().length;
    }
}
