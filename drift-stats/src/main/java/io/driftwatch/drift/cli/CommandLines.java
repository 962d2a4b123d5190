package io.driftwatch.drift.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every Driftwatch command line has in common: {@code drift-stats compare} here, and devstack's
 * load generator, demo, benchmarks and cluster runner, which reuse this class (drift-stats is the one
 * module they all see that has no Flink in it).
 *
 * <p>{@code -h}/{@code --help} prints the usage and exits 0. A bad argument (unknown option, missing or
 * unconvertible value, value out of range) prints, on standard error, the command's name and picocli's
 * message naming the option and the value, suggestions for a misspelt option, the synopsis (its custom
 * one, else the abbreviated one) and a pointer to {@code --help}, and exits {@value #USAGE_ERROR}.
 */
public final class CommandLines {

    /** The exit code of a bad argument. */
    public static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

    private CommandLines() {}

    /**
     * A command line for {@code command} (an {@code @Command} object) with the shared conventions, printing
     * to {@code out} and {@code err}; {@link CommandLine#execute} then returns the exit code.
     */
    public static CommandLine create(Object command, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler(CommandLines::usageError);
        // Wide enough for "--bootstrap-servers=HOST:PORT" to keep its description on the same line.
        commandLine.setUsageHelpLongOptionsMaxWidth(32);
        commandLine.setUsageHelpWidth(100);
        conventions(commandLine);
        return commandLine;
    }

    private static void conventions(CommandLine commandLine) {
        // Options in the order they are declared; "usage:" as in the rest of the project's messages.
        commandLine
                .getCommandSpec()
                .usageMessage()
                .sortOptions(false)
                .sortSynopsis(false)
                .synopsisHeading("usage: ");
        commandLine.getSubcommands().values().forEach(CommandLines::conventions);
    }

    /**
     * The error of a bad value that a setter or the command itself found, worded like picocli's own:
     * {@code Invalid value for option '--bins': must be at least 2, got 1}.
     */
    public static ParameterException invalidValue(CommandSpec spec, String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        CommandLine.Help help = commandLine.getHelp();
        // A command's own synopsis where it has one, else the short form: the options are in --help.
        boolean custom = commandLine.getCommandSpec().usageMessage().customSynopsis().length > 0;
        err.print(help.synopsisHeading() + (custom ? help.synopsis(0) : help.abbreviatedSynopsis()));
        err.println("Run with --help for every option.");
        err.flush();
        return USAGE_ERROR;
    }

    /** {@code -h}/{@code --help}, as a mixin ({@code @Mixin HelpOption help;}) so that every command says it alike. */
    public static final class HelpOption {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Print this help and exit.")
        boolean help;
    }

    /**
     * Converts a value to the constant of an enum whose {@code toString()} it is, ignoring case; the error
     * lists the accepted values as they are written on the command line. Subclass it with a no-argument
     * constructor for {@code @Option(converter = ...)}.
     */
    public abstract static class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        protected EnumConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E constant : type.getEnumConstants()) {
                if (constant.toString().equalsIgnoreCase(value.trim())) {
                    return constant;
                }
            }
            throw new TypeConversionException("expected one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> c.toString().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))
                    + ", got '" + value + "'");
        }
    }
}
