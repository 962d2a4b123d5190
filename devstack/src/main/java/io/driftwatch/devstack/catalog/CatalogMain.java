package io.driftwatch.devstack.catalog;

import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.cost.catalog.CatalogException;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.jobs.config.ConfigException;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./driftwatch.sh catalog publish FILE}: validates a price catalog and publishes it to the
 * job's catalog topic. Exit 0 when published, 1 when the catalog (or the configuration) is invalid or
 * Kafka refused it, 2 for a bad argument.
 *
 * <p>It lives in devstack, not in the job jar: it runs where catalogs are edited (a workstation, CI),
 * needs picocli, which the job jar deliberately leaves out, and reads the same configuration file as
 * the job for the brokers, topic and {@code kafka.properties}.
 */
public final class CatalogMain {

    private CatalogMain() {}

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line {@link #main} executes. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = Commands.create(new Catalog(), out, err);
        CommandLine publish = Commands.create(new Publish(out, err), out, err);
        cl.addSubcommand("publish", publish);
        return cl;
    }

    @Command(
            name = "catalog",
            customSynopsis = "./driftwatch.sh catalog publish FILE [OPTIONS]",
            description = "Price catalog commands.",
            descriptionHeading = "%n")
    static final class Catalog implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: publish");
        }
    }

    @Command(
            name = "publish",
            customSynopsis = "./driftwatch.sh catalog publish FILE [OPTIONS]",
            description = {
                "Validates a price catalog (YAML, as cost.catalog-file) as the job does, then publishes it to the"
                        + " compacted catalog topic with the key '" + CatalogPublisher.KEY + "'. The running job prices"
                        + " the hours it evaluates from then on with it; an invalid catalog is not published."
            },
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Publish implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;

        @Spec
        CommandSpec spec;

        @Mixin
        CommandLines.HelpOption help;

        @Parameters(index = "0", paramLabel = "FILE", description = "The catalog file.")
        Path file;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "The job's configuration (driftwatch.yaml): kafka.bootstrap-servers, cost.catalog-topic,"
                        + " cost.currency and kafka.properties come from it (default: the job's defaults).")
        Path config;

        @Option(
                names = "--bootstrap-servers",
                paramLabel = "HOST:PORT",
                description = "Kafka brokers (default: kafka.bootstrap-servers of --config).")
        String bootstrapServers;

        @Option(
                names = "--topic",
                paramLabel = "TOPIC",
                description = "The catalog topic (default: cost.catalog-topic of --config).")
        String topic;

        Publish(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws Exception {
            DriftwatchConfig c;
            try {
                c = DriftwatchConfig.load(config, List.of());
            } catch (ConfigException e) {
                err.println("catalog publish: " + e.getMessage());
                return 1;
            }
            String servers =
                    bootstrapServers != null ? bootstrapServers : c.kafka().bootstrapServers();
            String to = topic != null ? topic : c.cost().catalogTopic();
            if (to.isBlank()) {
                throw CommandLines.invalidValue(
                        spec, "--topic", "no topic: give --topic, or cost.catalog-topic in --config");
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("catalog publish: cannot read " + file + ": " + e);
                return 1;
            }
            CatalogDocument d;
            try {
                d = CatalogPublisher.validate(
                        text, file.toString(), config == null ? null : c.cost().currency());
            } catch (CatalogException e) {
                err.println("catalog publish: " + e.getMessage() + "\nnothing published");
                return 1;
            }
            Map<String, String> props = c.kafka().properties();
            CatalogPublisher.Published p = CatalogPublisher.publish(d, servers, to, props);
            out.println("published catalog version " + p.version() + " (" + file + ") to " + p.topic() + "@"
                    + p.partition() + ":" + p.offset());
            return 0;
        }
    }
}
