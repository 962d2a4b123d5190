package io.driftwatch.drift.confidence;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;

/**
 * A seasonal confidence baseline: one {@link BaselineAccumulator} per hour of the week (UTC), so that a
 * model whose confidence dips every night, or every weekend, is compared with its own nights and
 * weekends.
 *
 * <p>Hour of the week: {@code h(t) = floorMod(floorDiv(t, 1 h) + 72, 168)} for an instant {@code t} in
 * epoch ms, so Monday 00:00–01:00 UTC is hour 0 and Sunday 23:00–24:00 is hour 167 (the epoch was a
 * Thursday, hour 72). A slot (evaluation interval) {@code (start, end]} belongs to the hour of its start;
 * the evaluation interval divides one hour, so a slot never straddles two.
 *
 * <p>Learning: each baseline slot is added to the accumulator of its hour ({@link #addSlot}), giving per
 * hour {@code h} the inference-weighted mean {@code μ_h = S_h / N_h} and the sample standard deviation
 * {@code σ_h} of its qualifying slots' means ({@link BaselineAccumulator}).
 *
 * <p>Comparing a window ({@link #reference}): with the window's slots {@code s}, their counts {@code c_s}
 * and the matched slots {@code M = {s : c_s > 0 and N_h(s) > 0}},
 *
 * <ul>
 *   <li>{@code mean = Σ_{s∈M} c_s μ_h(s) / Σ_{s∈M} c_s}: the mean the window would have if each of its
 *       hours behaved as the same hour of the week did in the baseline, weighted by today's traffic (a
 *       window of one slot compares with its own hour of the week); {@code NaN} when {@code M} is empty;
 *   <li>{@code stddev = sqrt(Σ_{s∈M} c_s σ_h(s)² / Σ_{s∈M} c_s)}: the traffic-weighted root mean square of
 *       the matched hours' slot-mean spreads (as for the plain baseline, the spread of one slot's mean,
 *       here around its own hour's mean); {@code NaN} when {@code M} is empty or a matched hour has fewer
 *       than two qualifying slots.
 * </ul>
 *
 * <p>Mutable, not thread-safe. Serialised form: about 5 KB (168 accumulators, see {@link #toBytes()}).
 */
public final class HourOfWeekBaseline {

    /** The binary format version written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    /** Hours in a week. */
    public static final int HOURS = 168;

    private static final long HOUR_MILLIS = 3_600_000L;
    /** Hours from Monday 00:00 to the epoch (Thursday 1970-01-01 00:00 UTC). */
    private static final int EPOCH_HOUR_OF_WEEK = 72;

    private final BaselineAccumulator[] hours = new BaselineAccumulator[HOURS];

    /**
     * An empty baseline.
     *
     * @param minSlotCount the minimum count for a slot's mean to enter an hour's spread, {@code >= 1}
     */
    public HourOfWeekBaseline(long minSlotCount) {
        for (int h = 0; h < HOURS; h++) {
            hours[h] = new BaselineAccumulator(minSlotCount);
        }
    }

    /** The hour of the week (0 = Monday 00:00–01:00 UTC) of the instant {@code epochMillis}. */
    public static int hourOfWeek(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, HOUR_MILLIS) + EPOCH_HOUR_OF_WEEK, (long) HOURS);
    }

    /** Adds one baseline slot that starts at {@code slotStartMillis} to its hour of the week. */
    public void addSlot(long slotStartMillis, SlotAggregate slot) {
        hours[hourOfWeek(slotStartMillis)].addSlot(slot);
    }

    /** The accumulator of hour {@code h} (a copy). */
    public BaselineAccumulator hour(int h) {
        return hours[h].copy();
    }

    /** {@code Σ_h N_h}: the inferences of the whole baseline. */
    public long count() {
        long n = 0;
        for (BaselineAccumulator h : hours) {
            n += h.count();
        }
        return n;
    }

    /** The window's slots: each one's start (epoch ms) and aggregate. */
    @FunctionalInterface
    public interface Window {
        void forEachSlot(SlotVisitor visitor);
    }

    /** Receives one slot of a window. */
    @FunctionalInterface
    public interface SlotVisitor {
        void accept(long slotStartMillis, SlotAggregate aggregate);
    }

    /** The window's expected mean and spread, as the class comment defines them. */
    public BaselineReference reference(Window window) {
        double[] acc = new double[3]; // Σ c, Σ c μ, Σ c σ²
        long[] matchedCount = new long[1];
        boolean[] spreadUndefined = new boolean[1];
        window.forEachSlot((start, a) -> {
            BaselineAccumulator h = hours[hourOfWeek(start)];
            if (a.count() == 0 || h.count() == 0) {
                return;
            }
            double c = a.count();
            acc[0] += c;
            acc[1] += c * h.mean();
            double variance = h.slotMeanVariance();
            if (Double.isNaN(variance)) {
                spreadUndefined[0] = true;
            } else {
                acc[2] += c * variance;
            }
            matchedCount[0] += a.count();
        });
        if (matchedCount[0] == 0) {
            return new BaselineReference(Double.NaN, Double.NaN, count(), slots());
        }
        double stddev = spreadUndefined[0] ? Double.NaN : Math.sqrt(acc[2] / acc[0]);
        return new BaselineReference(acc[1] / acc[0], stddev, count(), slots());
    }

    private long slots() {
        long n = 0;
        for (BaselineAccumulator h : hours) {
            n += h.slots();
        }
        return n;
    }

    /**
     * The binary form (format version {@value #FORMAT_VERSION}): {@code byte version, varint 168}, then per
     * hour 0…167 {@code varint length, the hour's} {@link BaselineAccumulator#toBytes()}.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(HOURS * 34 + 4);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(HOURS);
        for (BaselineAccumulator h : hours) {
            byte[] b = h.toBytes();
            w.writeVarLong(b.length);
            w.writeBytes(b);
        }
        return w.toByteArray();
    }

    /**
     * Reads the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException naming the problem and byte offset for null, empty, truncated or
     *     trailing bytes, another format version, another number of hours, an hour's invalid accumulator,
     *     or hours with different minimum slot counts
     */
    public static HourOfWeekBaseline fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "HourOfWeekBaseline");
        r.expectVersion(FORMAT_VERSION);
        long n = r.readCount("hours");
        if (n != HOURS) {
            throw r.corrupt(n + " hours, expected " + HOURS);
        }
        HourOfWeekBaseline b = new HourOfWeekBaseline(1);
        for (int h = 0; h < HOURS; h++) {
            int length = r.readLength("hour " + h + " length", 1);
            byte[] one = r.readBytes("hour " + h, length);
            try {
                b.hours[h] = BaselineAccumulator.fromBytes(one);
            } catch (IllegalArgumentException e) {
                throw r.corrupt("hour " + h + ": " + e.getMessage());
            }
            if (b.hours[h].minSlotCount() != b.hours[0].minSlotCount()) {
                throw r.corrupt("hour " + h + " has minSlotCount " + b.hours[h].minSlotCount() + ", hour 0 "
                        + b.hours[0].minSlotCount());
            }
        }
        r.expectEnd();
        return b;
    }
}
