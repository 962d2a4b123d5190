package io.driftwatch.drift.reference;

import io.driftwatch.drift.feature.FeatureSummary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Builds a profile column from the text of its cells, the way the job summarises a feature: a numeric
 * column's values go one by one, weight 1, into {@link FeatureSummary#numeric(double)} at relative
 * accuracy α; a categorical column's into {@link FeatureSummary#categorical(int)}.
 *
 * <p><b>Missing.</b> A cell is missing when it is null (no such key in a JSON line, or JSON {@code
 * null}) or, trimmed and ignoring case, empty, {@code NA}, {@code null} or {@code NaN}: counted in
 * {@link ReferenceProfile.Column#missing()}, not summarised.
 *
 * <p><b>Type.</b> Unless forced, a column is numeric when every non-missing cell is a finite decimal
 * number ({@code [+-]digits[.digits][e[+-]digits]}, as {@code compare} reads numbers), else categorical.
 */
public final class ProfileColumns {

    /** A column's type. */
    public enum Type {
        NUMERIC,
        CATEGORICAL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> MISSING = Set.of("", "na", "null", "nan");

    private ProfileColumns() {}

    /** Whether {@code cell} is a missing value (see the class doc). */
    public static boolean isMissing(String cell) {
        return cell == null || MISSING.contains(cell.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether {@code cell} (not missing) is a finite decimal number. */
    public static boolean isNumber(String cell) {
        String v = cell.trim();
        return NUMBER.matcher(v).matches() && Double.isFinite(Double.parseDouble(v));
    }

    /**
     * The column of {@code cells}.
     *
     * @param forced the type to use, or null to infer it
     * @param where the place of cell i for error messages (e.g. {@code train.csv line 12})
     * @throws IllegalArgumentException when the column has no value, or a forced numeric column has a value
     *     that is not a number (naming the column, the value and its place)
     */
    public static ReferenceProfile.Column column(
            String name,
            List<String> cells,
            Type forced,
            double relativeAccuracy,
            int maxCategories,
            IntFunction<String> where) {
        Type type = forced;
        long missing = 0;
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (isMissing(c)) {
                missing++;
            } else if (type == null && !isNumber(c)) {
                type = Type.CATEGORICAL;
            } else if (type == Type.NUMERIC && !isNumber(c)) {
                throw new IllegalArgumentException(where.apply(i) + ": column '" + name + "' is numeric (--type) but '"
                        + c + "' is not a finite number");
            }
        }
        if (missing == cells.size()) {
            throw new IllegalArgumentException(
                    "column '" + name + "' has no values (" + missing + " missing): nothing to profile");
        }
        if (type == null) {
            type = Type.NUMERIC;
        }
        FeatureSummary summary = type == Type.NUMERIC
                ? FeatureSummary.numeric(relativeAccuracy)
                : FeatureSummary.categorical(maxCategories);
        for (String c : cells) {
            if (isMissing(c)) {
                continue;
            }
            if (type == Type.NUMERIC) {
                summary.add(Double.parseDouble(c.trim()), 1);
            } else {
                summary.add(c, 1);
            }
        }
        return new ReferenceProfile.Column(summary, missing);
    }
}
