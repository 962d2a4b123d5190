package io.driftwatch.drift.cli;

import io.driftwatch.drift.reference.ProfileColumns;
import io.driftwatch.drift.reference.ReferenceProfile;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code drift-stats profile}: a reference profile of training data ({@link ReferenceProfile}). */
@Command(
        name = "profile",
        description = {
            "Builds a model version's reference profile from training data (CSV with a header row, or JSON Lines):"
                    + " per column the summary the streaming job keeps (numeric: DDSketch bins; categorical: exact"
                    + " counts), its observation count and its missing count (empty, NA, null, NaN).",
            "",
            "Exit codes: 0 = written; 2 = bad argument or input (missing file or column, malformed input, a"
                    + " non-number in a --type numeric column); 1 = internal error."
        },
        customSynopsis = {
            "drift-stats profile --input train.csv|train.jsonl --model NAME --version V [--column C ...]",
            "          [--type C=numeric|categorical ...] [--relative-accuracy A] [--max-categories N] --output ref.dwp"
        },
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
final class ProfileCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "Training data: CSV or JSON Lines.")
    private Path input;

    @Option(names = "--model", paramLabel = "NAME", required = true, description = "The model name (model_name).")
    private String model;

    @Option(names = "--version", paramLabel = "V", required = true, description = "The model version (model_version).")
    private String version;

    @Option(
            names = "--column",
            paramLabel = "C",
            description = "A column to profile; repeatable (default: every column). Name it as the job's feature.")
    private List<String> columns = new ArrayList<>();

    @Option(
            names = "--type",
            paramLabel = "C=numeric|categorical",
            description = "Forces a column's type; repeatable (default: numeric when every value is a number).")
    private Map<String, String> typeNames = new LinkedHashMap<>();

    @Option(
            names = "--relative-accuracy",
            paramLabel = "A",
            defaultValue = "" + NumericSummary.DEFAULT_RELATIVE_ACCURACY,
            description = "Relative accuracy of numeric summaries: the job's drift.sketch-relative-accuracy"
                    + " (default: ${DEFAULT-VALUE}).")
    private double relativeAccuracy;

    @Option(
            names = "--max-categories",
            paramLabel = "N",
            defaultValue = "" + CategoricalSummary.DEFAULT_MAX_CATEGORIES,
            description = "Categories counted exactly: the job's drift.max-categories (default: ${DEFAULT-VALUE}).")
    private int maxCategories;

    @Option(names = "--output", paramLabel = "ref.dwp", required = true, description = "The profile file to write.")
    private Path output;

    @Mixin
    private CommandLines.HelpOption help;

    @Override
    public Integer call() {
        if (!(relativeAccuracy >= NumericSummary.MIN_RELATIVE_ACCURACY
                && relativeAccuracy <= NumericSummary.MAX_RELATIVE_ACCURACY)) {
            throw CommandLines.invalidValue(
                    spec, "--relative-accuracy", "must be in [0.0001, 0.05], got " + relativeAccuracy);
        }
        if (maxCategories < 1) {
            throw CommandLines.invalidValue(spec, "--max-categories", "must be at least 1, got " + maxCategories);
        }
        if (model.isBlank()) {
            throw CommandLines.invalidValue(spec, "--model", "must not be blank");
        }
        Map<String, ProfileColumns.Type> types = new LinkedHashMap<>();
        TypeConverter converter = new TypeConverter();
        typeNames.forEach((column, type) -> {
            try {
                types.put(column, converter.convert(type));
            } catch (RuntimeException e) {
                throw CommandLines.invalidValue(spec, "--type", column + "=" + type + ": " + e.getMessage());
            }
        });
        try {
            ProfileInput in = ProfileInput.read(input);
            List<String> names = columns.isEmpty() ? in.names() : columns;
            for (String forced : types.keySet()) {
                if (!names.contains(forced)) {
                    throw new CliException("--type names column '" + forced + "', which is not profiled");
                }
            }
            Map<String, ReferenceProfile.Column> profiled = new LinkedHashMap<>();
            for (String name : names) {
                List<String> cells = in.cells(name);
                if (cells == null) {
                    throw new CliException(in.file() + ": no column '" + name + "' (columns: " + in.names() + ")");
                }
                try {
                    profiled.put(
                            name,
                            ProfileColumns.column(
                                    name, cells, types.get(name), relativeAccuracy, maxCategories, in::where));
                } catch (IllegalArgumentException e) {
                    throw new CliException(in.file() + ": " + e.getMessage());
                }
            }
            ReferenceProfile profile = new ReferenceProfile(model, version, profiled);
            byte[] bytes = profile.toBytes();
            try {
                Files.write(output, bytes);
            } catch (IOException e) {
                throw new CliException("cannot write " + output + ": " + e);
            }
            main.out.print(describe(profile, output, bytes.length));
            main.out.flush();
            return Main.OK;
        } catch (CliException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** One line per column, then where the profile went. */
    static String describe(ReferenceProfile profile, Path file, int bytes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-24s %-12s %12s %12s%n", "column", "type", "observations", "missing"));
        profile.columns()
                .forEach((name, c) -> out.append(String.format(
                        "%-24s %-12s %12d %12d%n",
                        name,
                        c.summary().kind().name().toLowerCase(java.util.Locale.ROOT),
                        c.summary().observations(),
                        c.missing())));
        out.append("profile of ")
                .append(profile.key())
                .append(" written to ")
                .append(file)
                .append(" (")
                .append(bytes)
                .append(" bytes)\n");
        return out.toString();
    }

    /** {@code C=numeric|categorical}. */
    static final class TypeConverter extends CommandLines.EnumConverter<ProfileColumns.Type> {
        TypeConverter() {
            super(ProfileColumns.Type.class);
        }
    }
}
