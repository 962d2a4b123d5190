package io.driftwatch.jobs.config;

import java.io.Serializable;

/**
 * A secret configuration value (a password, a token). {@link #toString()} never reveals it, so a
 * secret cannot leak through a record's generated {@code toString} or a log line; code that needs the
 * value calls {@link #reveal()}. The empty secret means "not set".
 */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The secret that is not set. */
    public static final Secret NONE = new Secret("");

    /** What {@link #toString()} shows for a secret that is set. */
    public static final String MASK = "***";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; the empty string gives {@link #NONE}. */
    public static Secret of(String value) {
        return value.isEmpty() ? NONE : new Secret(value);
    }

    /** The secret itself. */
    public String reveal() {
        return value;
    }

    /** Whether the secret is set, i.e. non-empty. */
    public boolean isSet() {
        return !value.isEmpty();
    }

    /** {@value #MASK} when set, the empty string otherwise. */
    @Override
    public String toString() {
        return isSet() ? MASK : "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
