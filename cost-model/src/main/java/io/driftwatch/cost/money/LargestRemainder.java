package io.driftwatch.cost.money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits an amount into parts proportional to non-negative integer weights so that the parts add
 * up to the whole exactly (largest-remainder, or Hamilton, method).
 *
 * <p>Definition, for a total of {@code T} micro-units, weights {@code w_k} and {@code W = Σ w_k}:
 * each key first gets {@code floor(T·w_k / W)} micro-units; the {@code R = T − Σ floor(…)} micro-units
 * left over ({@code 0 ≤ R < number of keys}) go one each to the {@code R} keys with the largest
 * remainders {@code (T·w_k) mod W}; equal remainders are broken by the keys' natural order (smaller
 * key first), so the result is deterministic. Every part differs from its exact proportional share
 * by less than one micro-unit. When all weights are zero the amount is split equally (as if every
 * weight were 1), so nothing is lost.
 */
public final class LargestRemainder {

    private LargestRemainder() {}

    /**
     * Splits {@code total} over the keys of {@code weights}.
     *
     * @return the part of each key, in key order; the parts sum to {@code total} exactly
     * @throws IllegalArgumentException if {@code total} is negative, a weight is negative, or
     *     {@code weights} is empty while {@code total} is not zero
     */
    public static <K extends Comparable<? super K>> SortedMap<K, Money> allocate(Money total, Map<K, Long> weights) {
        Objects.requireNonNull(total, "total");
        if (total.isNegative()) {
            throw new IllegalArgumentException("cannot allocate a negative amount: " + total);
        }
        SortedMap<K, Long> w = new TreeMap<>(weights);
        if (w.isEmpty()) {
            if (!total.isZero()) {
                throw new IllegalArgumentException("cannot allocate " + total + " over no keys");
            }
            return new TreeMap<>();
        }
        BigInteger sum = BigInteger.ZERO;
        for (Map.Entry<K, Long> e : w.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " must be >= 0, got " + e.getValue());
            }
            sum = sum.add(BigInteger.valueOf(e.getValue()));
        }
        boolean equalSplit = sum.signum() == 0;
        BigInteger divisor = equalSplit ? BigInteger.valueOf(w.size()) : sum;
        BigInteger t = BigInteger.valueOf(total.micros());

        record Share<K>(K key, long floor, BigInteger remainder) {}
        List<Share<K>> shares = new ArrayList<>(w.size());
        long allocated = 0;
        for (Map.Entry<K, Long> e : w.entrySet()) {
            BigInteger[] qr = t.multiply(BigInteger.valueOf(equalSplit ? 1L : e.getValue()))
                    .divideAndRemainder(divisor);
            long floor = qr[0].longValueExact();
            allocated += floor;
            shares.add(new Share<>(e.getKey(), floor, qr[1]));
        }
        long leftover = total.micros() - allocated;
        List<Share<K>> byRemainder = new ArrayList<>(shares);
        // Stable sort: equal remainders keep the key order of the TreeMap.
        byRemainder.sort(Comparator.comparing((Share<K> s) -> s.remainder()).reversed());
        SortedMap<K, Money> parts = new TreeMap<>();
        for (int i = 0; i < byRemainder.size(); i++) {
            Share<K> s = byRemainder.get(i);
            parts.put(s.key(), Money.ofMicros(s.floor() + (i < leftover ? 1 : 0)));
        }
        return parts;
    }
}
