package io.driftwatch.devstack.cost;

import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.ConfigException;
import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.cost.Repricing;
import io.driftwatch.jobs.pipeline.KafkaTopics;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./driftwatch.sh cost reprice}: runs the job's re-pricing mode ({@link Repricing}) here, in a
 * local Flink, then prints per use case the old total (the live {@code ml:cost:hourly} series), the
 * new total (the run's {@code pricing="<name>"} series) and the difference, both read back from the
 * query API of the metrics store over the same hours. Exit 0 when done, 1 when the configuration is
 * invalid or the run or the query failed, 2 for a bad argument.
 */
public final class CostMain {

    private CostMain() {}

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line {@link #main} executes. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = Commands.create(new Cost(), out, err);
        cl.addSubcommand("reprice", Commands.create(new Reprice(out, err), out, err));
        return cl;
    }

    @Command(
            name = "cost",
            customSynopsis = "./driftwatch.sh cost reprice --from TIME --catalog FILE --name NAME [OPTIONS]",
            description = "Cost commands.",
            descriptionHeading = "%n")
    static final class Cost implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: reprice");
        }
    }

    @Command(
            name = "reprice",
            customSynopsis = "./driftwatch.sh cost reprice --from TIME --catalog FILE --name NAME [OPTIONS]",
            description = {
                "Re-runs the cost analysis over the Kafka retention from --from with the catalog --catalog, bounded,"
                        + " into series labelled pricing=\"NAME\" (the live series stay as they are), then prints"
                        + " per use case the old total, the new total and the difference."
            },
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Reprice implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;

        @Spec
        CommandSpec spec;

        @Mixin
        CommandLines.HelpOption help;

        @Option(
                names = "--from",
                required = true,
                paramLabel = "TIME",
                description = "First re-priced hour's start, a whole UTC hour (ISO-8601).")
        String from;

        @Option(
                names = "--until",
                paramLabel = "TIME",
                description = "Last re-priced hour's end (default: up to the end offsets at start).")
        String until;

        @Option(
                names = "--catalog",
                required = true,
                paramLabel = "FILE",
                description = "The price catalog to re-price with.")
        Path catalog;

        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME",
                description = "The pricing label of the new series.")
        String name;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "The live job's configuration (driftwatch.yaml).")
        Path config;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description = "A configuration override, as the job's --set (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(
                names = "--query-url",
                paramLabel = "URL",
                description =
                        "Prometheus query API of the metrics store (default: remote-write.url without /api/v1/write).")
        URI queryUrl;

        @Option(
                names = "--summary-only",
                description = "Do not run: print the summary of an earlier run (e.g. submitted to a cluster).")
        boolean summaryOnly;

        Reprice(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws Exception {
            List<String> all = new ArrayList<>(overrides);
            all.add("cost.reprice.name=" + name);
            all.add("cost.reprice.from=" + from);
            all.add("cost.reprice.until=" + (until == null ? "" : until));
            all.add("cost.reprice.catalog-file=" + catalog);
            DriftwatchConfig c;
            try {
                c = Repricing.load(config, all);
            } catch (ConfigException e) {
                err.println(
                        "cost reprice: " + e.getMessage()
                                + "\n(--name, --from, --until and --catalog are cost.reprice.name, .from, .until and .catalog-file)");
                return 1;
            }
            CostConfig.RepriceConfig r = c.cost().reprice();
            if (!summaryOnly) {
                if (c.kafka().checkTopics()) {
                    KafkaTopics.check(c, Duration.ofSeconds(30));
                }
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(DriftwatchJob.flinkConfiguration(c));
                DriftwatchJob.build(env, c);
                env.execute(c.jobName() + "-reprice-" + name);
            }
            URI api = queryUrl != null
                    ? queryUrl
                    : defaultQueryUrl(c.remoteWrite().url().toString());
            RepriceTotals store = new RepriceTotals(api);
            store.flush();
            printSummary(c, r, store);
            return 0;
        }

        private void printSummary(DriftwatchConfig c, CostConfig.RepriceConfig r, RepriceTotals store)
                throws Exception {
            long to = r.bounded() ? r.untilMillis() : (Instant.now().toEpochMilli() / 3_600_000L + 1) * 3_600_000L;
            String metric = c.output().metricPrefix() + "ml:cost:hourly";
            // the deployment's extra labels (e.g. cluster), minus the run's own pricing label
            String common = c.remoteWrite().extraLabels().entrySet().stream()
                    .filter(e -> !e.getKey().equals("pricing"))
                    .map(e -> "," + e.getKey() + "=\"" + e.getValue() + "\"")
                    .collect(Collectors.joining());
            List<RepriceTotals.Sample> fresh =
                    store.samples(metric + "{pricing=\"" + r.name() + "\"" + common + "}", r.fromMillis(), to);
            // the live series over the hours the run re-priced (none after its newest hour)
            long newest = fresh.stream()
                    .mapToLong(RepriceTotals.Sample::hourEndMillis)
                    .max()
                    .orElse(r.fromMillis());
            List<RepriceTotals.Sample> live =
                    store.samples(metric + "{pricing=\"\"" + common + "}", r.fromMillis(), newest);
            Map<String, Long> oldTotals = RepriceTotals.totals(live, newest);
            Map<String, Long> newTotals = RepriceTotals.totals(fresh, newest);
            out.println("re-priced \"" + r.name() + "\": hours ending in (" + Instant.ofEpochMilli(r.fromMillis())
                    + ", "
                    + Instant.ofEpochMilli(newest) + "] with catalog " + r.catalogVersion() + " (" + r.catalogFile()
                    + "), " + c.cost().currency());
            out.println(String.format("%-28s %18s %18s %18s", "use_case", "old", "new", "difference"));
            TreeSet<String> useCases = new TreeSet<>(oldTotals.keySet());
            useCases.addAll(newTotals.keySet());
            long oldSum = 0;
            long newSum = 0;
            for (String u : useCases) {
                long o = oldTotals.getOrDefault(u, 0L);
                long n = newTotals.getOrDefault(u, 0L);
                out.println(row(u, o, n));
                oldSum += o;
                newSum += n;
            }
            out.println(row("(all)", oldSum, newSum));
        }

        static String row(String useCase, long oldMicros, long newMicros) {
            return String.format(
                    "%-28s %18s %18s %18s",
                    useCase,
                    BigDecimal.valueOf(oldMicros, 6).toPlainString(),
                    BigDecimal.valueOf(newMicros, 6).toPlainString(),
                    BigDecimal.valueOf(newMicros - oldMicros, 6).toPlainString());
        }

        /** VictoriaMetrics and Prometheus serve the query API beside their remote-write receiver. */
        static URI defaultQueryUrl(String remoteWriteUrl) {
            String u = remoteWriteUrl.replaceAll("/+$", "");
            for (String suffix : List.of("/api/v1/write", "/prometheus/api/v1/write")) {
                if (u.endsWith(suffix)) {
                    u = u.substring(0, u.length() - suffix.length());
                    break;
                }
            }
            return URI.create(u);
        }
    }
}
