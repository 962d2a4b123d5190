package io.driftwatch.drift.cli;

import io.driftwatch.drift.psi.Psi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code drift-stats compare}: its options, and the comparison they ask for. */
@Command(
        name = "compare",
        description = {
            "Compares two CSV files (with a header row) column by column with drift methods, on the exact raw"
                    + " data: one result per column and method.",
            "",
            "Exit codes: 0 = ran, drift or not; 3 = ran and found drift with --fail-on-drift; 2 = bad argument or input"
                    + " (missing file or column, empty column, non-numeric value for a numeric method, malformed CSV);"
                    + " 1 = internal error."
        },
        customSynopsis = {
            "drift-stats compare --baseline A.csv --current B.csv [--column NAME ...]",
            "          [--method psi,ks,js,wasserstein,chi2] [--bins N] [--format json|table] [--fail-on-drift]"
        },
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Option(
            names = "--baseline",
            paramLabel = "A.csv",
            required = true,
            description = "The baseline CSV file, or a reference profile (drift-stats profile).")
    private Path baseline;

    @Option(names = "--current", paramLabel = "B.csv", required = true, description = "The current CSV file.")
    private Path current;

    @Option(
            names = "--column",
            paramLabel = "NAME",
            description = "A column to compare; repeatable (default: every column of the baseline's header).")
    private List<String> columns = new ArrayList<>();

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            split = ",",
            converter = MethodConverter.class,
            description = "Comma-separated methods: psi, ks, js, wasserstein, chi2 (default: by column type, numeric:"
                    + " psi,ks,js,wasserstein; string: psi,chi2).")
    private List<DriftMethod> methods = new ArrayList<>();

    @Option(
            names = "--bins",
            paramLabel = "N",
            defaultValue = "" + Psi.DEFAULT_BINS,
            description = "Number of PSI and JS bins, at least 2 (default: ${DEFAULT-VALUE}).")
    private int bins;

    @Option(
            names = "--format",
            paramLabel = "json|table",
            defaultValue = "table",
            converter = FormatConverter.class,
            description = "Output: json, or an aligned text table (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--fail-on-drift", description = "Exit with code 3 when any result is drifted.")
    private boolean failOnDrift;

    @Mixin
    private CommandLines.HelpOption help;

    @Override
    public Integer call() {
        if (bins < 2) {
            throw CommandLines.invalidValue(spec, "--bins", "must be at least 2, got " + bins);
        }
        try {
            List<DriftMethod> distinct = List.copyOf(new LinkedHashSet<>(methods));
            List<MethodResult> results = new ArrayList<>();
            if (ProfileBaseline.isProfile(baseline)) {
                // a reference profile (drift-stats profile) as the baseline: the streaming job's rule
                results.addAll(ProfileBaseline.compare(baseline, current, columns, distinct, bins));
            } else {
                CsvTable baselineTable = CsvTable.read(baseline);
                CsvTable currentTable = CsvTable.read(current);
                List<String> names = columns.isEmpty() ? baselineTable.header() : columns;
                ColumnComparator comparator = new ColumnComparator(baselineTable, currentTable, bins);
                for (String column : names) {
                    results.addAll(comparator.compare(column, distinct));
                }
            }
            main.out.print(
                    format == Format.JSON
                            ? ResultFormatter.json(baseline.toString(), current.toString(), results) + "\n"
                            : ResultFormatter.table(results));
            main.out.flush();
            boolean drifted = results.stream().anyMatch(r -> Boolean.TRUE.equals(r.drifted()));
            return failOnDrift && drifted ? Main.DRIFT_FOUND : Main.OK;
        } catch (CliException e) {
            // A file or column that the arguments name is wrong: reported as a bad argument.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The output format. */
    enum Format {
        TABLE,
        JSON;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final class FormatConverter extends CommandLines.EnumConverter<Format> {
        FormatConverter() {
            super(Format.class);
        }
    }

    static final class MethodConverter implements ITypeConverter<DriftMethod> {
        @Override
        public DriftMethod convert(String value) {
            try {
                return DriftMethod.parse(value);
            } catch (CliException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
