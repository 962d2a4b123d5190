package io.driftwatch.cost.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageDeltasTest {

    @Test
    void plusSumsWhatEitherObserved() {
        UsageDeltas a = UsageDeltas.builder()
                .reportedCost(0.25)
                .durationMillis(1000)
                .inferences(3)
                .build();
        UsageDeltas b = UsageDeltas.builder()
                .durationMillis(500)
                .inferences(2)
                .outputTokens(40)
                .build();
        assertEquals(
                UsageDeltas.builder()
                        .reportedCost(0.25)
                        .durationMillis(1500)
                        .inferences(5)
                        .outputTokens(40)
                        .build(),
                a.plus(b));
        assertTrue(a.plus(b).inputTokens().isEmpty(), "never observed stays absent, not 0");
        assertEquals(a, UsageDeltas.NONE.plus(a));
    }

    @Test
    void roundTripsItsCompactForm() {
        UsageDeltas u = UsageDeltas.builder()
                .reportedCost(1.5e-3)
                .durationMillis(12.5)
                .inputTokens(7)
                .outputTokens(9)
                .totalTokens(16)
                .inferences(2)
                .build();
        assertEquals(u, UsageDeltas.fromBytes(u.toBytes()));
        assertEquals(49, u.toBytes().length);
        assertEquals(1, UsageDeltas.NONE.toBytes().length);
        assertEquals(UsageDeltas.NONE, UsageDeltas.fromBytes(UsageDeltas.NONE.toBytes()));
    }

    @Test
    void refusesCorruptBytes() {
        byte[] truncated = java.util.Arrays.copyOf(
                UsageDeltas.builder().inferences(3).build().toBytes(), 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsageDeltas.fromBytes(truncated))
                .getMessage()
                .contains("truncated"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsageDeltas.fromBytes(new byte[] {(byte) 0x80}))
                .getMessage()
                .contains("unknown flags"));
    }

    @Test
    void corruptBytesNameTheFieldAndOffset() {
        assertEquals(
                "corrupt usage deltas (4 bytes): truncated while reading inferences at byte 1",
                assertThrows(IllegalArgumentException.class, () -> UsageDeltas.fromBytes(new byte[] {32, 0, 0, 0}))
                        .getMessage());
        assertEquals(
                "corrupt usage deltas (1 bytes): unknown flags 128 at byte 1",
                assertThrows(IllegalArgumentException.class, () -> UsageDeltas.fromBytes(new byte[] {(byte) 0x80}))
                        .getMessage());
        assertEquals(
                "corrupt usage deltas (0 bytes): truncated while reading flags at byte 0",
                assertThrows(IllegalArgumentException.class, () -> UsageDeltas.fromBytes(new byte[0]))
                        .getMessage());
        assertEquals(
                "corrupt usage deltas (2 bytes): 1 unexpected trailing bytes at byte 1",
                assertThrows(IllegalArgumentException.class, () -> UsageDeltas.fromBytes(new byte[] {0, 0}))
                        .getMessage());
    }
}
