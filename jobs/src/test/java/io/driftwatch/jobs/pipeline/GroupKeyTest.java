package io.driftwatch.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupKeyTest {

    @Test
    void anyValuesRoundTrip() {
        List<List<String>> cases = List.of(
                List.of(),
                List.of(""),
                List.of("", ""),
                List.of("fraud", "v2"),
                List.of("12:ab", ":", "::1"),
                List.of("a\u001fb", "ü€😀", "x y"));
        for (List<String> values : cases) {
            assertEquals(values, GroupKey.values(GroupKey.of(values)), values.toString());
        }
    }

    @Test
    void tuplesThatConcatenateAlikeGetDifferentKeys() {
        assertNotEquals(GroupKey.of(List.of("ab", "c")), GroupKey.of(List.of("a", "bc")));
        assertNotEquals(GroupKey.of(List.of("1:a", "")), GroupKey.of(List.of("1", "a")));
        assertNotEquals(GroupKey.of(List.of("")), GroupKey.of(List.of()));
    }

    @Test
    void keysReadAsLengthPrefixedValues() {
        assertEquals("5:fraud2:v2", GroupKey.of(List.of("fraud", "v2")));
    }

    @Test
    void aStringNotMadeByOfIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> GroupKey.values("fraud"));
    }
}
