package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({
        "4096, 4096",
        "0, 0",
        "512B, 512",
        "64KiB, 65536",
        "4MiB, 4194304",
        "2GiB, 2147483648",
        "5KB, 5000",
        "5MB, 5000000",
        "1GB, 1000000000",
        "'4 MiB', 4194304",
        "4mib, 4194304",
        "1.5KiB, 1536",
        "' 10b ', 10",
    })
    void parses(String text, long expected) {
        assertEquals(expected, ByteSizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "4 MB/s", "4TB", "-1", "1e3", "four"})
    void rejectsOtherForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text));
        assertEquals(
                "\"" + text + "\" is not a size (use e.g. 512B, 64KiB, 4MiB, 5MB or a plain number of bytes)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5B", "0.1KiB", "9999999999GiB"})
    void rejectsFractionalBytesAndOverflow(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text));
        assertEquals(
                "\"" + text + "\" is not a whole number of bytes below 2^63 (use e.g. 512B, 64KiB, 4MiB, 5MB"
                        + " or a plain number of bytes)",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 0B", "1023, 1023B", "1024, 1KiB", "4194304, 4MiB", "5000000, 5MB", "1000, 1KB", "3000000000, 3GB"})
    void formatsInTheLargestExactUnit(long bytes, String expected) {
        assertEquals(expected, ByteSizes.format(bytes));
    }

    @Test
    void formatThenParseIsTheIdentity() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long unit = new long[] {1, 1000, 1024, 1_000_000, 1L << 20}[random.nextInt(5)];
            long bytes = unit * random.nextLong(0, 10_000_000);
            assertEquals(bytes, ByteSizes.parse(ByteSizes.format(bytes)), () -> "for " + bytes);
        }
    }
}
