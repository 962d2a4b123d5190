package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A numeric summary's bytes end where the summary ends: one byte more is refused, not ignored. */
class SummaryTrailingBytesTest {

    @Test
    void oneByteMoreIsRefused() {
        NumericSummary s = NumericSummary.create(0.01);
        s.update(1.5, 2);
        s.update(-3.0, 1);
        byte[] good = s.toBytes();
        assertArrayEquals(good, NumericSummary.fromBytes(good).toBytes());
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NumericSummary.fromBytes(longer));
        assertTrue(e.getMessage().contains("numeric summary"), e.getMessage());
    }
}
