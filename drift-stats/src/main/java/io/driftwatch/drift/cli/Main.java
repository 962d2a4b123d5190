package io.driftwatch.drift.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Offline drift comparison of two CSV files:
 *
 * <pre>
 * java -jar drift-stats.jar compare --baseline A.csv --current B.csv [--column NAME ...]
 *     [--method psi,ks,js,wasserstein,chi2] [--bins N] [--format json|table] [--fail-on-drift]
 * </pre>
 *
 * <p>Prints one result per column and method (see {@link ColumnComparator} for types, defaults
 * and decision thresholds). Exit codes: 0 = ran (whether or not drift was found), or {@code --help};
 * 3 = ran and found drift with {@code --fail-on-drift}; 2 = usage or input error (bad argument,
 * missing file, missing or empty column, non-numeric value for a numeric-only method, malformed CSV),
 * with a message on standard error naming the option, or the file, column and line; 1 = internal error.
 */
@Command(
        name = "drift-stats",
        subcommands = {CompareCommand.class, ProfileCommand.class, PublishCommand.class, HelpCommand.class},
        description = "Offline drift statistics on CSV files, and reference profiles of training data.",
        synopsisSubcommandLabel = "COMMAND",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {

    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int INPUT_ERROR = CommandLines.USAGE_ERROR;
    public static final int DRIFT_FOUND = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommandLines.HelpOption help;

    /** Where {@code compare} prints its results: the caller's stream as it is, so that its bytes stay the same. */
    final PrintStream out;

    private Main(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns its exit code (used by {@link #main} and tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = CommandLines.create(new Main(out), out, err);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println("drift-stats: internal error: " + e);
            failed.getErr().flush();
            return INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "no command given (the commands are compare, profile, publish)");
    }
}
