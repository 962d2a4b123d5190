package io.driftwatch.drift.confidence;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The aggregates of the last {@link #capacitySlots()} slots of one series, keyed by slot index. A slot
 * is one evaluation interval; the caller numbers the intervals consecutively (their length is its
 * configuration, the ring does not know it).
 *
 * <p>It keeps slots in {@code (newest - capacity, newest]}, where {@code newest} is the highest slot ever
 * added: adding a newer slot evicts those that fall out, and a slot at or before {@code newest -
 * capacity} is refused. Window sums are recomputed from the stored slots on every call (no running
 * sum, so no floating-point drift and no subtraction of evicted slots).
 *
 * <p>Not thread-safe; mutable. Memory: 32 bytes per slot of capacity; serialised form about 20 bytes
 * per stored slot (see {@link #toBytes()}).
 */
public final class SlotRing {

    /** The binary format version written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    /** Largest accepted capacity: about 11 years of hourly slots. */
    public static final int MAX_CAPACITY_SLOTS = 100_000;

    /** Slot indices must lie in {@code [-MAX_ABS_SLOT, MAX_ABS_SLOT]} (hourly slots counted from the epoch are about 2^19 today). */
    public static final long MAX_ABS_SLOT = 1L << 48;

    private static final long EMPTY_SLOT = Long.MIN_VALUE;

    /** Receives the stored slots of a range, in ascending slot order. */
    @FunctionalInterface
    public interface SlotVisitor {
        void accept(long slot, SlotAggregate aggregate);
    }

    private final int capacity;
    /** The slot held at each position of the arrays, {@code EMPTY_SLOT} where none is. */
    private final long[] stored;

    private final long[] counts;
    private final double[] sums;
    private final double[] belows;
    private long newest = EMPTY_SLOT;
    private int size;

    /**
     * @param capacitySlots how many consecutive slots to keep, in {@code [1, MAX_CAPACITY_SLOTS]}
     * @throws IllegalArgumentException outside that range
     */
    public SlotRing(int capacitySlots) {
        if (capacitySlots < 1 || capacitySlots > MAX_CAPACITY_SLOTS) {
            throw new IllegalArgumentException(
                    "ring capacity " + capacitySlots + " slots is outside [1, " + MAX_CAPACITY_SLOTS + "]");
        }
        this.capacity = capacitySlots;
        this.stored = new long[capacitySlots];
        this.counts = new long[capacitySlots];
        this.sums = new double[capacitySlots];
        this.belows = new double[capacitySlots];
        Arrays.fill(stored, EMPTY_SLOT);
    }

    public int capacitySlots() {
        return capacity;
    }

    /** Number of stored slots. */
    public int size() {
        return size;
    }

    /** The highest slot added so far, if any. */
    public OptionalLong newestSlot() {
        return newest == EMPTY_SLOT ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    /**
     * Adds {@code aggregate} to slot {@code slot} (merged with {@link SlotAggregate#plus} if the slot is
     * already stored). A slot newer than {@link #newestSlot()} becomes the newest, evicting every slot
     * at or before {@code slot - capacity}.
     *
     * @return {@code false}, storing nothing, when {@code slot <= newest - capacity} (too old to keep);
     *     the caller counts such late data
     * @throws IllegalArgumentException if {@code slot} is outside {@code [-MAX_ABS_SLOT, MAX_ABS_SLOT]}
     */
    public boolean add(long slot, SlotAggregate aggregate) {
        if (slot < -MAX_ABS_SLOT || slot > MAX_ABS_SLOT) {
            throw new IllegalArgumentException("slot index " + slot + " is outside [-2^48, 2^48]");
        }
        if (newest != EMPTY_SLOT && slot <= newest - capacity) {
            return false;
        }
        if (newest == EMPTY_SLOT || slot > newest) {
            advanceTo(slot);
        }
        int p = position(slot);
        if (stored[p] == slot) {
            SlotAggregate merged = aggregateAt(p).plus(aggregate);
            store(p, slot, merged);
        } else {
            store(p, slot, aggregate);
            size++;
        }
        return true;
    }

    private void advanceTo(long slot) {
        long previous = newest;
        newest = slot;
        if (previous == EMPTY_SLOT) {
            return;
        }
        if (slot - previous >= capacity) {
            clearAll();
            return;
        }
        // slots (previous - capacity, slot - capacity] leave the window
        for (long s = previous - capacity + 1; s <= slot - capacity; s++) {
            clearIfHolds(s);
        }
    }

    /**
     * Removes every stored slot {@code <= slot}, e.g. to drop data older than the longest window in use
     * before serialising.
     *
     * @return how many slots were removed
     */
    public int evictAtOrBefore(long slot) {
        int removed = 0;
        for (int p = 0; p < capacity; p++) {
            if (stored[p] != EMPTY_SLOT && stored[p] <= slot) {
                stored[p] = EMPTY_SLOT;
                removed++;
            }
        }
        size -= removed;
        return removed;
    }

    /** The aggregate stored for {@code slot}, or {@link SlotAggregate#EMPTY}. */
    public SlotAggregate get(long slot) {
        int p = position(slot);
        return stored[p] == slot && slot != EMPTY_SLOT ? aggregateAt(p) : SlotAggregate.EMPTY;
    }

    /**
     * The sum of the stored slots {@code s} with {@code fromExclusive < s <= toInclusive}, added in
     * ascending slot order.
     *
     * @throws IllegalArgumentException if the range is longer than the capacity (it could not be answered
     *     fully) or reversed
     */
    public SlotAggregate sum(long fromExclusive, long toInclusive) {
        SlotAggregate[] total = {SlotAggregate.EMPTY};
        forEachSlot(fromExclusive, toInclusive, (slot, aggregate) -> total[0] = total[0].plus(aggregate));
        return total[0];
    }

    /** The window of {@code windowSlots} slots ending with {@code endSlot}: {@code sum(endSlot - windowSlots, endSlot)}. */
    public SlotAggregate window(long endSlot, int windowSlots) {
        return sum(endSlot - windowSlots, endSlot);
    }

    /**
     * Visits the stored slots {@code s} with {@code fromExclusive < s <= toInclusive} in ascending order.
     *
     * @throws IllegalArgumentException if the range is longer than the capacity or reversed
     */
    public void forEachSlot(long fromExclusive, long toInclusive, SlotVisitor visitor) {
        long length = toInclusive - fromExclusive; // negative also when it overflows
        if (toInclusive < fromExclusive || length < 0 || length > capacity) {
            throw new IllegalArgumentException("slot range (" + fromExclusive + ", " + toInclusive
                    + "] is reversed or longer than the ring capacity of " + capacity + " slots");
        }
        if (newest == EMPTY_SLOT) {
            return;
        }
        long from = Math.max(fromExclusive + 1, newest - capacity + 1);
        long to = Math.min(toInclusive, newest);
        for (long s = from; s <= to; s++) {
            int p = position(s);
            if (stored[p] == s) {
                visitor.accept(s, aggregateAt(p));
            }
        }
    }

    private int position(long slot) {
        return (int) Math.floorMod(slot, (long) capacity);
    }

    private SlotAggregate aggregateAt(int p) {
        return SlotAggregate.of(counts[p], sums[p], belows[p]);
    }

    private void store(int p, long slot, SlotAggregate a) {
        stored[p] = slot;
        counts[p] = a.count();
        sums[p] = a.sum();
        belows[p] = a.below();
    }

    private void clearIfHolds(long slot) {
        int p = position(slot);
        if (stored[p] == slot) {
            stored[p] = EMPTY_SLOT;
            size--;
        }
    }

    private void clearAll() {
        Arrays.fill(stored, EMPTY_SLOT);
        size = 0;
    }

    /**
     * The binary form (format version {@value #FORMAT_VERSION}): {@code byte version, varint capacity,
     * zigzag newest (Long.MIN_VALUE if never added), varint size}, then per stored slot in ascending order
     * {@code varint slot gap (the first: zigzag slot), varint count, double sum, double below}. About 20
     * bytes per stored slot with counts below 2^21.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(24 + 24 * size);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(capacity);
        w.writeZigZagLong(newest);
        w.writeVarLong(size);
        if (newest != EMPTY_SLOT) {
            long previous = EMPTY_SLOT;
            for (long s = newest - capacity + 1; s <= newest; s++) {
                int p = position(s);
                if (stored[p] != s) {
                    continue;
                }
                if (previous == EMPTY_SLOT) {
                    w.writeZigZagLong(s);
                } else {
                    w.writeVarLong(s - previous);
                }
                previous = s;
                w.writeVarLong(counts[p]);
                w.writeDouble(sums[p]);
                w.writeDouble(belows[p]);
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
    public static SlotRing fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "SlotRing");
        r.expectVersion(FORMAT_VERSION);
        long capacity = r.readCount("capacity");
        if (capacity < 1 || capacity > MAX_CAPACITY_SLOTS) {
            throw r.corrupt("capacity " + capacity + " outside [1, " + MAX_CAPACITY_SLOTS + "]");
        }
        SlotRing ring = new SlotRing((int) capacity);
        long newest = r.readZigZagLong("newest slot");
        if (newest != EMPTY_SLOT && (newest < -MAX_ABS_SLOT || newest > MAX_ABS_SLOT)) {
            throw r.corrupt("newest slot " + newest + " outside [-2^48, 2^48]");
        }
        long size = r.readCount("size");
        if (size > capacity || size > 0 && newest == EMPTY_SLOT) {
            throw r.corrupt("size " + size + " does not fit capacity " + capacity + " / newest " + newest);
        }
        long previous = EMPTY_SLOT;
        for (long i = 0; i < size; i++) {
            long slot = previous == EMPTY_SLOT ? r.readZigZagLong("slot") : previous + r.readCount("slot gap");
            if (slot <= newest - capacity || slot > newest || previous != EMPTY_SLOT && slot <= previous) {
                throw r.corrupt(
                        "slot " + slot + " outside (" + (newest - capacity) + ", " + newest + "] or not ascending");
            }
            long count = r.readCount("count");
            double sum = r.readDouble("sum");
            double below = r.readDouble("below");
            SlotAggregate a;
            try {
                a = SlotAggregate.of(count, sum, below);
            } catch (IllegalArgumentException e) {
                throw r.corrupt("invalid aggregate for slot " + slot + ": " + e.getMessage());
            }
            ring.store(ring.position(slot), slot, a);
            previous = slot;
        }
        r.expectEnd();
        ring.newest = newest;
        ring.size = (int) size;
        return ring;
    }
}
