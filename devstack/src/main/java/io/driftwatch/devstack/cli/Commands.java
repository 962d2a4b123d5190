package io.driftwatch.devstack.cli;

import io.driftwatch.drift.cli.CommandLines;
import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The command lines of devstack (load generator, demo, benchmarks, cluster runner): drift-stats'
 * {@link CommandLines} conventions (help, exit code 2 and its message for a bad argument), plus the
 * job configuration's duration syntax for every {@link Duration} option.
 */
public final class Commands {

    private Commands() {}

    /** A command line for {@code command}, printing to {@code out} and {@code err}. */
    public static CommandLine create(Object command, PrintStream out, PrintStream err) {
        CommandLine commandLine = CommandLines.create(command, out, err);
        // Else picocli's own Duration converter would take ISO-8601 only, and reject the documented "35d".
        commandLine.registerConverter(Duration.class, new Converters.DurationConverter());
        return commandLine;
    }
}
