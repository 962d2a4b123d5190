package io.driftwatch.drift.fdr;

import java.io.Serializable;

/**
 * The false discovery rate q at which a model version's features are tested together, or {@code off}: each
 * feature decided alone by its threshold, as before (the intended configuration key is {@code drift.fdr-q}).
 */
public final class FdrLevel implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final FdrLevel OFF = new FdrLevel(Double.NaN);

    private final double q;

    private FdrLevel(double q) {
        this.q = q;
    }

    /** Per-feature decisions only. */
    public static FdrLevel off() {
        return OFF;
    }

    /**
     * Benjamini–Hochberg at {@code q}.
     *
     * @throws IllegalArgumentException when q is not in (0, 1)
     */
    public static FdrLevel of(double q) {
        BenjaminiHochberg.requireLevel(q);
        return new FdrLevel(q);
    }

    /**
     * {@code off} (case ignored) or a number in (0, 1).
     *
     * @throws IllegalArgumentException saying what was expected and what was given
     */
    public static FdrLevel parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("off")) {
            return OFF;
        }
        double q;
        try {
            q = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected a false discovery rate in (0, 1) or 'off', got '" + text + "'");
        }
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException(
                    "expected a false discovery rate in (0, 1) or 'off', got '" + text + "'");
        }
        return new FdrLevel(q);
    }

    public boolean isOff() {
        return Double.isNaN(q);
    }

    /**
     * The level q.
     *
     * @throws IllegalStateException when off
     */
    public double q() {
        if (isOff()) {
            throw new IllegalStateException("false discovery rate control is off");
        }
        return q;
    }

    /** {@code off} or q, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return isOff() ? "off" : Double.toString(q);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FdrLevel l && Double.compare(q, l.q) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(q);
    }

    private Object readResolve() {
        return isOff() ? OFF : this;
    }
}
