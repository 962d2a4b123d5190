package io.driftwatch.jobs.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Corrupt pending-interval state fails naming the form, the field and the offset. */
class PendingIntervalCorruptBytesTest {

    @Test
    void truncatedOrLonger() {
        assertEquals(
                "corrupt pending interval (20 bytes): truncated while reading below at byte 16",
                assertThrows(IllegalArgumentException.class, () -> ConfidenceBaselineFunction.decode(new byte[20]))
                        .getMessage());
        assertEquals(
                "corrupt pending interval (25 bytes): 1 unexpected trailing bytes at byte 24",
                assertThrows(IllegalArgumentException.class, () -> ConfidenceBaselineFunction.decode(new byte[25]))
                        .getMessage());
    }
}
