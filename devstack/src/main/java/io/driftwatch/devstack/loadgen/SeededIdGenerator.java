package io.driftwatch.devstack.loadgen;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.Locale;
import java.util.SplittableRandom;

/** Random trace and span ids from a seed, so that a replay (and which spans it samples) is reproducible. */
final class SeededIdGenerator implements IdGenerator {

    private final SplittableRandom random;

    SeededIdGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String generateSpanId() {
        return hex(nonZero());
    }

    @Override
    public String generateTraceId() {
        return hex(nonZero()) + hex(nonZero());
    }

    @Override
    public boolean generatesRandomTraceIds() {
        return true;
    }

    private long nonZero() {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0);
        return v;
    }

    private static String hex(long v) {
        return String.format(Locale.ROOT, "%016x", v);
    }
}
