package io.driftwatch.drift.cli;

import io.driftwatch.drift.feature.DriftPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                    + " data, and decides as the streaming job does (its drift.* settings: defaults, --config, --set):"
                    + " one result per column and method, and per column its missing values and verdict.",
            "",
            "Exit codes: 0 = ran, drift or not; 3 = ran and found drift (or a changed missing share) with"
                    + " --fail-on-drift; 2 = bad argument or input (missing file or column, a column without values,"
                    + " bad drift setting, malformed CSV); 1 = internal error."
        },
        customSynopsis = {
            "drift-stats compare --baseline A.csv --current B.csv [--column NAME ...]",
            "          [--method psi,ks,js,wasserstein,chi2] [--type NAME=numeric|string ...] [--bins N]",
            "          [--config driftwatch.yaml] [--set drift.KEY=VALUE ...]",
            "          [--format table|json|html] [--output FILE] [--fail-on-drift]"
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
            description = "Comma-separated methods: psi, ks, js, wasserstein, chi2; each column gets those that apply"
                    + " to its type (default: numeric psi,ks,js,wasserstein; string psi,js,chi2).")
    private List<DriftMethod> methods = new ArrayList<>();

    @Option(
            names = "--type",
            paramLabel = "NAME=TYPE",
            converter = TypeConverter.class,
            description = "Forces a column's type: numeric (non-numbers are invalid) or string (alias categorical);"
                    + " repeatable (default: numeric when >= 99% of the non-missing cells are numbers).")
    private List<Map.Entry<String, ColumnData.Type>> types = new ArrayList<>();

    @Option(
            names = "--bins",
            paramLabel = "N",
            description = "Number of PSI and JS bins, at least 2 (default: drift.bins, 10).")
    private Integer bins;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The job's configuration file: its drift.* settings decide (other sections are ignored).")
    private Path config;

    @Option(
            names = "--set",
            paramLabel = "drift.KEY=VALUE",
            description = "Overrides a drift setting as the job's --set does; repeatable.")
    private List<String> sets = new ArrayList<>();

    @Option(
            names = "--format",
            paramLabel = "table|json|html",
            defaultValue = "table",
            converter = FormatConverter.class,
            description = "Output: an aligned text table, json, or a self-contained HTML report (default:"
                    + " ${DEFAULT-VALUE}).")
    private Format format;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write the output to FILE instead of standard output.")
    private Path output;

    @Option(
            names = "--fail-on-drift",
            description = "Exit with code 3 when a column drifted or its missing share changed.")
    private boolean failOnDrift;

    @Mixin
    private CommandLines.HelpOption help;

    @Override
    public Integer call() {
        if (bins != null && bins < 2) {
            throw CommandLines.invalidValue(spec, "--bins", "must be at least 2, got " + bins);
        }
        try {
            List<String> settings = new ArrayList<>(sets);
            if (bins != null) {
                settings.add("drift.bins=" + bins);
            }
            DriftPolicy policy = PolicySource.load(config, settings);
            Map<String, ColumnData.Type> forced = new LinkedHashMap<>();
            types.forEach(e -> forced.put(e.getKey(), e.getValue()));
            List<DriftMethod> distinct = List.copyOf(new LinkedHashSet<>(methods));
            if (ProfileBaseline.isProfile(baseline)) {
                if (format == Format.HTML) {
                    throw new CliException("--format html draws the baseline's values, and --baseline " + baseline
                            + " is a reference profile (summaries): use --format table or json");
                }
                if (!forced.isEmpty()) {
                    throw new CliException("--type: the columns of reference profile " + baseline
                            + " have the types they were profiled with; --type applies to CSV baselines");
                }
                return finish(policy, ProfileBaseline.compare(baseline, current, columns, distinct, policy));
            }
            CsvTable baselineTable = CsvTable.read(baseline);
            CsvTable currentTable = CsvTable.read(current);
            for (String column : forced.keySet()) {
                if (!baselineTable.hasColumn(column)) {
                    throw new CliException("--type " + column + ": " + baselineTable.file() + " has no column '"
                            + column + "' (header: " + baselineTable.header() + ")");
                }
            }
            List<String> names = columns.isEmpty() ? baselineTable.header() : columns;
            ColumnComparator comparator = new ColumnComparator(policy);
            List<ColumnReport> reports = new ArrayList<>();
            for (String column : names) {
                ColumnData data = ColumnData.of(baselineTable, currentTable, column, forced.get(column));
                if (ColumnComparator.methodsFor(data.type, distinct).isEmpty()) {
                    spec.commandLine()
                            .getErr()
                            .println("drift-stats compare: column '" + column + "' is " + data.type.label()
                                    + ": none of the methods asked for applies; its missing values only");
                }
                reports.add(comparator.compare(data, distinct));
            }
            return finish(policy, reports);
        } catch (CliException e) {
            // A file or column that the arguments name is wrong: reported as a bad argument.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int finish(DriftPolicy policy, List<ColumnReport> reports) throws CliException {
        String text = switch (format) {
            case JSON -> ResultFormatter.json(baseline.toString(), current.toString(), policy, reports) + "\n";
            case TABLE -> ResultFormatter.table(policy, reports);
            case HTML -> HtmlReport.render(baseline.toString(), current.toString(), policy, reports);
        };
        write(text);
        boolean drifted = reports.stream().anyMatch(r -> Boolean.TRUE.equals(r.drifted()) || r.missingChanged());
        return failOnDrift && drifted ? Main.DRIFT_FOUND : Main.OK;
    }

    private void write(String text) throws CliException {
        if (output == null) {
            main.out.print(text);
            main.out.flush();
            return;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot write " + output + ": " + e.getMessage());
        }
    }

    /** The output format. */
    enum Format {
        TABLE,
        JSON,
        HTML;

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

    static final class TypeConverter implements ITypeConverter<Map.Entry<String, ColumnData.Type>> {
        @Override
        public Map.Entry<String, ColumnData.Type> convert(String value) {
            int eq = value.lastIndexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("expected NAME=numeric or NAME=string, got '" + value + "'");
            }
            String type = value.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            ColumnData.Type t = switch (type) {
                case "numeric" -> ColumnData.Type.NUMERIC;
                case "string", "categorical" -> ColumnData.Type.STRING;
                default ->
                    throw new TypeConversionException(
                            "expected numeric, string or categorical after '=', got '" + value + "'");
            };
            return Map.entry(value.substring(0, eq), t);
        }
    }
}
