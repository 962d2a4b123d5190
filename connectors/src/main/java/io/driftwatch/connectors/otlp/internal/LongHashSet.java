package io.driftwatch.connectors.otlp.internal;

import java.util.Arrays;

/**
 * A set of longs with open addressing and linear probing: 8 bytes per slot, at most half the slots
 * used, no boxing. Not thread-safe.
 */
public final class LongHashSet {

    private static final long EMPTY = 0L;

    private long[] slots;
    private int size;
    /** Zero is the empty-slot marker, so its membership is kept aside. */
    private boolean containsZero;

    public LongHashSet() {
        this(16);
    }

    public LongHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        slots = new long[capacity];
    }

    public int size() {
        return size + (containsZero ? 1 : 0);
    }

    public boolean contains(long v) {
        if (v == EMPTY) {
            return containsZero;
        }
        int mask = slots.length - 1;
        for (int i = index(v, mask); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == v) {
                return true;
            }
            if (s == EMPTY) {
                return false;
            }
        }
    }

    /** Adds {@code v}; returns {@code true} if it was not yet present. */
    public boolean add(long v) {
        if (v == EMPTY) {
            boolean added = !containsZero;
            containsZero = true;
            return added;
        }
        int mask = slots.length - 1;
        for (int i = index(v, mask); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == v) {
                return false;
            }
            if (s == EMPTY) {
                slots[i] = v;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return true;
            }
        }
    }

    /** The members in no particular order. */
    public long[] toArray() {
        long[] out = new long[size()];
        int k = 0;
        if (containsZero) {
            out[k++] = 0L;
        }
        for (long s : slots) {
            if (s != EMPTY) {
                out[k++] = s;
            }
        }
        return out;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long v : old) {
            if (v != EMPTY) {
                int i = index(v, mask);
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
            }
        }
    }

    private static int index(long v, int mask) {
        // The values are already well-mixed hashes; fold the high half in for safety with poor ones.
        return (int) (v ^ (v >>> 32)) & mask;
    }

    @Override
    public String toString() {
        return "LongHashSet" + Arrays.toString(toArray());
    }
}
