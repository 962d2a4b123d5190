package io.driftwatch.connectors.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

    @Test
    void behavesLikeAHashSetIncludingZeroAndGrowth() {
        Random random = new Random(1);
        LongHashSet set = new LongHashSet(2);
        Set<Long> reference = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            // Small values collide often and include 0; large ones exercise the hash spreading.
            long v = random.nextBoolean() ? random.nextInt(1000) : random.nextLong();
            assertEquals(reference.add(v), set.add(v));
            long probe = random.nextInt(2000);
            assertEquals(reference.contains(probe), set.contains(probe));
        }
        assertEquals(reference.size(), set.size());
        long[] members = set.toArray();
        Arrays.sort(members);
        assertEquals(
                reference.stream().sorted().toList(),
                Arrays.stream(members).boxed().toList());
    }
}
