package io.driftwatch.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Corrupt pending-hour state fails naming the form, the field and the offset. */
class PendingHourCorruptBytesTest {

    @Test
    void useCaseHour() {
        assertEquals(
                "corrupt pending use-case hour (20 bytes): truncated while reading inferences at byte 16",
                assertThrows(IllegalArgumentException.class, () -> UseCaseCostFunction.decode(new byte[20]))
                        .getMessage());
        assertEquals(
                "corrupt pending use-case hour (33 bytes): 1 unexpected trailing bytes at byte 32",
                assertThrows(IllegalArgumentException.class, () -> UseCaseCostFunction.decode(new byte[33]))
                        .getMessage());
    }

    @Test
    void gpuHour() {
        assertEquals(
                "corrupt pending GPU hour (12 bytes): truncated while reading sample count at byte 8",
                assertThrows(IllegalArgumentException.class, () -> GpuIdleFunction.HourSamples.fromBytes(new byte[12]))
                        .getMessage());
    }
}
