package io.driftwatch.drift.confidence;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The hourly aggregates of the last {@link #capacityHours()} hours of one series, keyed by hour index
 * (epoch hour: {@code floor(epochMillis / 3_600_000)}).
 *
 * <p>It keeps hours in {@code (newest - capacity, newest]}, where {@code newest} is the highest hour ever
 * added: adding a newer hour evicts those that fall out, and an hour at or before {@code newest -
 * capacity} is refused. Window sums are recomputed from the stored hours on every call (no running
 * sum, so no floating-point drift and no subtraction of evicted hours).
 *
 * <p>Not thread-safe; mutable. Memory: 32 bytes per slot of capacity; serialised form about 20 bytes
 * per stored hour (see {@link #toBytes()}).
 */
public final class WindowRing {

    /** The binary format version written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    /** Largest accepted capacity: about 11 years of hours. */
    public static final int MAX_CAPACITY_HOURS = 100_000;

    /** Hour indices must lie in {@code [-MAX_ABS_HOUR, MAX_ABS_HOUR]} (epoch hours are about 2^19 today). */
    public static final long MAX_ABS_HOUR = 1L << 48;

    private static final long EMPTY_SLOT = Long.MIN_VALUE;

    /** Receives the stored hours of a range, in ascending hour order. */
    @FunctionalInterface
    public interface HourVisitor {
        void accept(long hour, HourAggregate aggregate);
    }

    private final int capacity;
    private final long[] hours;
    private final long[] counts;
    private final double[] sums;
    private final double[] belows;
    private long newest = EMPTY_SLOT;
    private int size;

    /**
     * @param capacityHours how many consecutive hours to keep, in {@code [1, MAX_CAPACITY_HOURS]}
     * @throws IllegalArgumentException outside that range
     */
    public WindowRing(int capacityHours) {
        if (capacityHours < 1 || capacityHours > MAX_CAPACITY_HOURS) {
            throw new IllegalArgumentException("ring capacity " + capacityHours + " hours is outside [1, "
                    + MAX_CAPACITY_HOURS + "]");
        }
        this.capacity = capacityHours;
        this.hours = new long[capacityHours];
        this.counts = new long[capacityHours];
        this.sums = new double[capacityHours];
        this.belows = new double[capacityHours];
        Arrays.fill(hours, EMPTY_SLOT);
    }

    /** The hour index of an epoch-millisecond time: {@code floor(epochMillis / 3_600_000)}. */
    public static long hourOf(long epochMillis) {
        return Math.floorDiv(epochMillis, 3_600_000L);
    }

    public int capacityHours() {
        return capacity;
    }

    /** Number of stored hours. */
    public int size() {
        return size;
    }

    /** The highest hour added so far, if any. */
    public OptionalLong newestHour() {
        return newest == EMPTY_SLOT ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    /**
     * Adds {@code aggregate} to hour {@code hour} (merged with {@link HourAggregate#plus} if the hour is
     * already stored). An hour newer than {@link #newestHour()} becomes the newest, evicting every hour
     * at or before {@code hour - capacity}.
     *
     * @return {@code false}, storing nothing, when {@code hour <= newest - capacity} (too old to keep);
     *     the caller counts such late data
     * @throws IllegalArgumentException if {@code hour} is outside {@code [-MAX_ABS_HOUR, MAX_ABS_HOUR]}
     */
    public boolean add(long hour, HourAggregate aggregate) {
        if (hour < -MAX_ABS_HOUR || hour > MAX_ABS_HOUR) {
            throw new IllegalArgumentException("hour index " + hour + " is outside [-2^48, 2^48]");
        }
        if (newest != EMPTY_SLOT && hour <= newest - capacity) {
            return false;
        }
        if (newest == EMPTY_SLOT || hour > newest) {
            advanceTo(hour);
        }
        int slot = slot(hour);
        if (hours[slot] == hour) {
            HourAggregate merged = aggregateAt(slot).plus(aggregate);
            store(slot, hour, merged);
        } else {
            store(slot, hour, aggregate);
            size++;
        }
        return true;
    }

    private void advanceTo(long hour) {
        long previous = newest;
        newest = hour;
        if (previous == EMPTY_SLOT) {
            return;
        }
        if (hour - previous >= capacity) {
            clearAll();
            return;
        }
        // hours (previous - capacity, hour - capacity] leave the window
        for (long h = previous - capacity + 1; h <= hour - capacity; h++) {
            clearIfHolds(h);
        }
    }

    /**
     * Removes every stored hour {@code <= hour}, e.g. to drop data older than the longest window in use
     * before serialising.
     *
     * @return how many hours were removed
     */
    public int evictAtOrBefore(long hour) {
        int removed = 0;
        for (int slot = 0; slot < capacity; slot++) {
            if (hours[slot] != EMPTY_SLOT && hours[slot] <= hour) {
                hours[slot] = EMPTY_SLOT;
                removed++;
            }
        }
        size -= removed;
        return removed;
    }

    /** The aggregate stored for {@code hour}, or {@link HourAggregate#EMPTY}. */
    public HourAggregate get(long hour) {
        int slot = slot(hour);
        return hours[slot] == hour && hour != EMPTY_SLOT ? aggregateAt(slot) : HourAggregate.EMPTY;
    }

    /**
     * The sum of the stored hours {@code h} with {@code fromExclusive < h <= toInclusive}, added in
     * ascending hour order.
     *
     * @throws IllegalArgumentException if the range is longer than the capacity (it could not be answered
     *     fully) or reversed
     */
    public HourAggregate sum(long fromExclusive, long toInclusive) {
        HourAggregate[] total = {HourAggregate.EMPTY};
        forEachHour(fromExclusive, toInclusive, (hour, aggregate) -> total[0] = total[0].plus(aggregate));
        return total[0];
    }

    /** The window of {@code windowHours} hours ending with {@code endHour}: {@code sum(endHour - windowHours, endHour)}. */
    public HourAggregate window(long endHour, int windowHours) {
        return sum(endHour - windowHours, endHour);
    }

    /**
     * Visits the stored hours {@code h} with {@code fromExclusive < h <= toInclusive} in ascending order.
     *
     * @throws IllegalArgumentException if the range is longer than the capacity or reversed
     */
    public void forEachHour(long fromExclusive, long toInclusive, HourVisitor visitor) {
        long length = toInclusive - fromExclusive; // negative also when it overflows
        if (toInclusive < fromExclusive || length < 0 || length > capacity) {
            throw new IllegalArgumentException("hour range (" + fromExclusive + ", " + toInclusive
                    + "] is reversed or longer than the ring capacity of " + capacity + " hours");
        }
        if (newest == EMPTY_SLOT) {
            return;
        }
        long from = Math.max(fromExclusive + 1, newest - capacity + 1);
        long to = Math.min(toInclusive, newest);
        for (long h = from; h <= to; h++) {
            int slot = slot(h);
            if (hours[slot] == h) {
                visitor.accept(h, aggregateAt(slot));
            }
        }
    }

    private int slot(long hour) {
        return (int) Math.floorMod(hour, (long) capacity);
    }

    private HourAggregate aggregateAt(int slot) {
        return HourAggregate.of(counts[slot], sums[slot], belows[slot]);
    }

    private void store(int slot, long hour, HourAggregate a) {
        hours[slot] = hour;
        counts[slot] = a.count();
        sums[slot] = a.sum();
        belows[slot] = a.below();
    }

    private void clearIfHolds(long hour) {
        int slot = slot(hour);
        if (hours[slot] == hour) {
            hours[slot] = EMPTY_SLOT;
            size--;
        }
    }

    private void clearAll() {
        Arrays.fill(hours, EMPTY_SLOT);
        size = 0;
    }

    /**
     * The binary form (format version {@value #FORMAT_VERSION}): {@code byte version, varint capacity,
     * zigzag newest (Long.MIN_VALUE if never added), varint size}, then per stored hour in ascending order
     * {@code varint hour gap (the first: zigzag hour), varint count, double sum, double below}. About 20
     * bytes per stored hour with counts below 2^21.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(24 + 24 * size);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(capacity);
        w.writeZigZagLong(newest);
        w.writeVarLong(size);
        if (newest != EMPTY_SLOT) {
            long previous = EMPTY_SLOT;
            for (long h = newest - capacity + 1; h <= newest; h++) {
                int slot = slot(h);
                if (hours[slot] != h) {
                    continue;
                }
                if (previous == EMPTY_SLOT) {
                    w.writeZigZagLong(h);
                } else {
                    w.writeVarLong(h - previous);
                }
                previous = h;
                w.writeVarLong(counts[slot]);
                w.writeDouble(sums[slot]);
                w.writeDouble(belows[slot]);
            }
        }
        return w.toByteArray();
    }

    /**
     * Reads the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException naming the problem and byte offset for null, empty, truncated or
     *     trailing bytes, another format version, or values that violate the ring's invariants
     */
    public static WindowRing fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "WindowRing");
        r.expectVersion(FORMAT_VERSION);
        long capacity = r.readCount("capacity");
        if (capacity < 1 || capacity > MAX_CAPACITY_HOURS) {
            throw r.corrupt("capacity " + capacity + " outside [1, " + MAX_CAPACITY_HOURS + "]");
        }
        WindowRing ring = new WindowRing((int) capacity);
        long newest = r.readZigZagLong("newest hour");
        if (newest != EMPTY_SLOT && (newest < -MAX_ABS_HOUR || newest > MAX_ABS_HOUR)) {
            throw r.corrupt("newest hour " + newest + " outside [-2^48, 2^48]");
        }
        long size = r.readCount("size");
        if (size > capacity || size > 0 && newest == EMPTY_SLOT) {
            throw r.corrupt("size " + size + " does not fit capacity " + capacity + " / newest " + newest);
        }
        long previous = EMPTY_SLOT;
        for (long i = 0; i < size; i++) {
            long hour = previous == EMPTY_SLOT ? r.readZigZagLong("hour") : previous + r.readCount("hour gap");
            if (hour <= newest - capacity || hour > newest || previous != EMPTY_SLOT && hour <= previous) {
                throw r.corrupt("hour " + hour + " outside (" + (newest - capacity) + ", " + newest
                        + "] or not ascending");
            }
            long count = r.readCount("count");
            double sum = r.readDouble("sum");
            double below = r.readDouble("below");
            HourAggregate a;
            try {
                a = HourAggregate.of(count, sum, below);
            } catch (IllegalArgumentException e) {
                throw r.corrupt("invalid aggregate for hour " + hour + ": " + e.getMessage());
            }
            ring.store(ring.slot(hour), hour, a);
            previous = hour;
        }
        r.expectEnd();
        ring.newest = newest;
        ring.size = (int) size;
        return ring;
    }
}
