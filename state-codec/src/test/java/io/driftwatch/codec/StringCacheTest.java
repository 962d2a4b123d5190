package io.driftwatch.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringCacheTest {

    private static DataInputStream written(List<String> strings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String s : strings) {
                Varints.writeString(out, s);
            }
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void readsWhatVarintsReadsAndSharesRepeatedShortStrings() throws IOException {
        Random random = new Random(3);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int kind = random.nextInt(10);
            strings.add(
                    kind == 0
                            ? null
                            : kind == 1
                                    ? "long-" + "x".repeat(StringCache.MAX_CACHED_LENGTH) + random.nextInt(5)
                                    : kind == 2 ? "é" + random.nextInt(3000) : "model-" + random.nextInt(40));
        }
        DataInputStream in = written(strings);
        // a 2-entry table: constant collisions must never return a wrong string
        StringCache tiny = new StringCache(1);
        for (String expected : strings) {
            assertEquals(expected, tiny.read(in));
        }
        in = written(List.of("fraud-detector", "fraud-detector", "x".repeat(65), "x".repeat(65), ""));
        StringCache cache = new StringCache(10);
        String first = cache.read(in);
        assertSame(first, cache.read(in));
        assertNotSame(cache.read(in), cache.read(in)); // too long to cache
        assertEquals("", cache.read(in));
    }

    @Test
    void nullAndTruncatedInput() throws IOException {
        StringCache cache = new StringCache(4);
        assertNull(cache.read(new DataInputStream(new ByteArrayInputStream(new byte[] {0}))));
        assertThrows(
                EOFException.class,
                () -> cache.read(new DataInputStream(new ByteArrayInputStream(new byte[] {4, 'a'}))));
        assertThrows(IllegalArgumentException.class, () -> new StringCache(0));
    }
}
