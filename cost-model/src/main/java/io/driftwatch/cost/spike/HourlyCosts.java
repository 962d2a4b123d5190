package io.driftwatch.cost.spike;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * One use case's hourly costs (micro-units) of the newest hour and the {@code weeks} weeks before it, by hour end, plus the
 * first hour it was ever recorded. An hour inside the kept span that was never recorded cost 0 (the
 * use case had no usage); an hour before the first or older than the span is unknown.
 *
 * <p>Serialised form ({@code state-codec}): version 1, varint weeks, fixed64 first hour end, fixed64
 * newest hour end, then the {@code weeks × 168 + 1} hours ending at the newest, oldest first, as zigzag
 * varints. A full 4-week history of an hourly cost of a few euros is about 3 KB.
 */
public final class HourlyCosts {

    public static final long HOUR = 3_600_000L;
    public static final long WEEK = 168 * HOUR;
    private static final int VERSION = 1;

    private final int weeks;
    private final long[] ring;
    private long first = Long.MIN_VALUE;
    private long newest = Long.MIN_VALUE;

    public HourlyCosts(int weeks) {
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks must be at least 1, got " + weeks);
        }
        this.weeks = weeks;
        this.ring = new long[weeks * 168 + 1]; // the newest hour and the same hour `weeks` weeks before
    }

    public int weeks() {
        return weeks;
    }

    /** The first hour end ever recorded, if any. */
    public OptionalLong firstHourEnd() {
        return first == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** The newest hour end recorded, if any. */
    public OptionalLong newestHourEnd() {
        return newest == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    /**
     * Records the cost of the hour ending {@code hourEnd} (a whole hour, not before the newest recorded);
     * the hours skipped since the newest cost 0.
     */
    public void record(long hourEnd, long micros) {
        if (Math.floorMod(hourEnd, HOUR) != 0) {
            throw new IllegalArgumentException("not a whole hour: " + hourEnd);
        }
        if (newest != Long.MIN_VALUE && hourEnd < newest) {
            throw new IllegalArgumentException("hour " + hourEnd + " is before the newest recorded, " + newest);
        }
        if (first == Long.MIN_VALUE) {
            first = hourEnd;
        } else if (hourEnd > newest) {
            long gap = (hourEnd - newest) / HOUR;
            if (gap >= ring.length) {
                Arrays.fill(ring, 0);
            } else {
                for (long h = newest + HOUR; h < hourEnd; h += HOUR) {
                    ring[slot(h)] = 0;
                }
            }
        }
        ring[slot(hourEnd)] = micros;
        newest = hourEnd;
    }

    /** The cost of the hour ending {@code hourEnd}, if it is known: recorded, or inside the span and so 0. */
    public OptionalLong cost(long hourEnd) {
        if (first == Long.MIN_VALUE
                || hourEnd < first
                || hourEnd > newest
                || hourEnd <= newest - ring.length * HOUR
                || Math.floorMod(hourEnd, HOUR) != 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ring[slot(hourEnd)]);
    }

    private int slot(long hourEnd) {
        return (int) Math.floorMod(Math.floorDiv(hourEnd, HOUR), (long) ring.length);
    }

    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(32 + ring.length * 3);
        w.writeByte(VERSION);
        w.writeVarLong(weeks);
        w.writeFixedLong(first);
        w.writeFixedLong(newest);
        for (int i = ring.length - 1; i >= 0; i--) {
            w.writeZigZagLong(first == Long.MIN_VALUE ? 0 : ring[slot(newest - i * HOUR)]);
        }
        return w.toByteArray();
    }

    /**
     * Reads {@link #toBytes()}; a history kept for another number of weeks is cut or padded to {@code
     * weeks} (a changed {@code cost.spike.weeks}).
     */
    public static HourlyCosts fromBytes(byte[] bytes, int weeks) {
        ByteReader r = new ByteReader(bytes, "hourly costs");
        r.expectVersion(VERSION);
        int stored = r.checkLength("weeks", r.readVarLong("weeks"), 1);
        HourlyCosts h = new HourlyCosts(weeks);
        long first = r.readFixedLong("first hour end");
        long newest = r.readFixedLong("newest hour end");
        long[] hours = new long[stored * 168 + 1];
        for (int i = 0; i < hours.length; i++) {
            hours[i] = r.readZigZagLong("hourly cost");
        }
        r.expectEnd();
        if (first != Long.MIN_VALUE) {
            h.first = first;
            h.newest = newest;
            for (int i = 0; i < Math.min(hours.length, h.ring.length); i++) {
                h.ring[h.slot(newest - i * HOUR)] = hours[hours.length - 1 - i];
            }
        }
        return h;
    }
}
