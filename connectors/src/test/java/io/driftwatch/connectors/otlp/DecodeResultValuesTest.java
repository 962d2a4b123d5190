package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Value semantics of decode results. */
class DecodeResultValuesTest {

    private static final Rejection BAD = new Rejection(RejectReason.UNDECODABLE, "bad", 2);

    @Test
    void equalityCoversEveryPart() {
        DecodeResult<String> a = new DecodeResult<>(List.of("x"), List.of(BAD), 1, 2, 3);
        assertEquals(a, a);
        assertEquals(a, new DecodeResult<>(List.of("x"), List.of(BAD), 1, 2, 3));
        assertEquals(a.hashCode(), new DecodeResult<>(List.of("x"), List.of(BAD), 1, 2, 3).hashCode());
        assertNotEquals(a, new DecodeResult<>(List.of("y"), List.of(BAD), 1, 2, 3));
        assertNotEquals(a, new DecodeResult<>(List.of("x"), List.of(), 1, 2, 3));
        assertNotEquals(a, new DecodeResult<>(List.of("x"), List.of(BAD), 0, 2, 3));
        assertNotEquals(a, new DecodeResult<>(List.of("x"), List.of(BAD), 1, 0, 3));
        assertNotEquals(a, new DecodeResult<>(List.of("x"), List.of(BAD), 1, 2, 0));
        assertNotEquals(a, (Object) "x");
        assertNotEquals(a.hashCode(), new DecodeResult<>(List.of("x"), List.of(), 1, 2, 3).hashCode());
    }

    @Test
    void rejectionsAndText() {
        DecodeResult<String> a = new DecodeResult<>(List.of("x"), List.of(BAD), 1, 2, 3);
        assertTrue(a.hasRejections());
        assertFalse(new DecodeResult<String>(List.of("x"), List.of(), 0).hasRejections());
        assertEquals(2, a.rejectedItems());
        assertEquals(
                "DecodeResult{accepted=1, rejections=" + List.of(BAD) + ", skippedNoRecordedValue=1, notConsumed=2}",
                a.toString());
    }
}
