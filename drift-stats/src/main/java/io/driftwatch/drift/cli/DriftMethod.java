package io.driftwatch.drift.cli;

import java.util.Locale;

/** A drift score the {@code compare} command can compute, with its command-line name; all take numeric columns. */
public enum DriftMethod {
    /** Population Stability Index (numeric: baseline quantile bins; string: categories). */
    PSI(true),
    /** Two-sample Kolmogorov–Smirnov; numeric columns only. */
    KS(false),
    /** Jensen–Shannon distance on the PSI bins or categories. */
    JS(true),
    /** Wasserstein-1 distance in the column's units; numeric columns only. */
    WASSERSTEIN(false),
    /** Pearson chi-square homogeneity test over categories (a numeric column's values are used as categories). */
    CHI2(true);

    private final boolean categorical;

    DriftMethod(boolean categorical) {
        this.categorical = categorical;
    }

    /** Whether the method applies to a column of strings. */
    public boolean acceptsStrings() {
        return categorical;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name (case-insensitive). */
    public static DriftMethod parse(String name) throws CliException {
        for (DriftMethod m : values()) {
            if (m.cliName().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new CliException("unknown method '" + name + "' (known: psi, ks, js, wasserstein, chi2)");
    }
}
