package io.driftwatch.connectors.otlp;

import java.util.Objects;

/**
 * One reason a decoder did not accept part of a record.
 *
 * @param reason the category
 * @param detail a human-readable message naming where (metric, resource/scope/point index) and what
 *     (field and offending value), e.g. {@code resource #0 scope #0 histogram "my.histogram" point #0: 3
 *     bucket counts for 1 explicit bound (expected 2)}
 * @param items how many data points (or spans) this rejection discarded: 1 for a bad point, the
 *     metric's point count for a metric-level problem, 0 when the whole record was unreadable (the
 *     number is then unknown)
 */
public record Rejection(RejectReason reason, String detail, int items) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, got " + items);
        }
    }

    /** The longest name {@link #quote} copies into a detail. */
    public static final int MAX_QUOTED_CHARS = 200;

    /**
     * {@code name} in double quotes for a detail, cut after {@value #MAX_QUOTED_CHARS} characters with
     * {@code …(N chars)}.
     */
    public static String quote(String name) {
        if (name.length() <= MAX_QUOTED_CHARS) {
            return '"' + name + '"';
        }
        return '"' + name.substring(0, MAX_QUOTED_CHARS) + "\"…(" + name.length() + " chars)";
    }

    @Override
    public String toString() {
        return reason.label() + ": " + detail;
    }
}
