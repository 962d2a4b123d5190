package io.driftwatch.drift.feature;

import java.util.Locale;

/** A drift method of the streaming comparison, named as in the {@code method} label of its series. */
public enum Method {
    /** Population Stability Index. */
    PSI,
    /** Two-sample Kolmogorov–Smirnov D (numeric and histogram features). */
    KS,
    /** Jensen–Shannon distance, base 2. */
    JS,
    /** Wasserstein-1 distance in the feature's unit (numeric features). */
    WASSERSTEIN,
    /** Pearson chi-square statistic (categorical features). */
    CHI2;

    /** The lower-case name used in series labels, events and configuration. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()} (case-insensitive). */
    public static Method parse(String label) {
        for (Method m : values()) {
            if (m.label().equalsIgnoreCase(label.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown drift method '" + label + "' (known: psi, ks, js, wasserstein, chi2)");
    }
}
