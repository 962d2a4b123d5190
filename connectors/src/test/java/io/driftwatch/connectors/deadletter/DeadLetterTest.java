package io.driftwatch.connectors.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final OtlpRecord SOURCE =
            new OtlpRecord("otlp_metrics", 2, 99, 1_700_000_000_000L, new byte[] {7}, new byte[] {1, 2, 3});

    @Test
    void keepsTheSourceAndListsDistinctReasonsInOrderOfFirstAppearance() {
        DeadLetter d = DeadLetter.of(
                SOURCE,
                List.of(
                        new Rejection(RejectReason.COUNT_MISMATCH, "first", 1),
                        new Rejection(RejectReason.ABSURD_TIMESTAMP, "second", 1),
                        new Rejection(RejectReason.COUNT_MISMATCH, "third", 1)));

        assertEquals(List.of(RejectReason.COUNT_MISMATCH, RejectReason.ABSURD_TIMESTAMP), d.reasons());
        assertEquals("count_mismatch,absurd_timestamp", d.reasonLabels());
        assertEquals("count_mismatch: first\nabsurd_timestamp: second\ncount_mismatch: third", d.detail());
        assertSame(SOURCE.value(), d.value());
        assertSame(SOURCE.key(), d.key());
        assertEquals("otlp_metrics", d.sourceTopic());
        assertEquals(2, d.sourcePartition());
        assertEquals(99, d.sourceOffset());
        assertEquals(1_700_000_000_000L, d.sourceTimestamp());
        assertThrows(IllegalArgumentException.class, () -> DeadLetter.of(SOURCE, List.of()));
    }

    @Test
    void detailIsCutAtACharacterBoundaryWithinTheByteLimit() {
        List<Rejection> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // 3- and 4-byte characters make char count and byte count differ.
            many.add(new Rejection(RejectReason.NEGATIVE_VALUE, "point #" + i + " of \"ml.☃.😀\" is negative", 1));
        }

        String detail = DeadLetter.of(SOURCE, many).detail();

        int bytes = detail.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= DeadLetter.MAX_DETAIL_BYTES, "bytes " + bytes);
        assertTrue(bytes > DeadLetter.MAX_DETAIL_BYTES - 8, "uses the room it has: " + bytes);
        assertTrue(detail.endsWith("\n[truncated: 1000 rejections in total]"), detail);
        String kept = detail.substring(0, detail.length() - "\n[truncated: 1000 rejections in total]".length());
        StringBuilder full = new StringBuilder();
        for (Rejection r : many) {
            full.append(full.length() == 0 ? "" : "\n").append(r);
        }
        assertTrue(full.toString().startsWith(kept), "a prefix of the full text");
        assertTrue(!Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "no split surrogate pair");
    }

    @Test
    void oneHugeDetailIsCutToo() {
        String huge = "é".repeat(10_000);

        String detail = DeadLetter.of(SOURCE, List.of(new Rejection(RejectReason.UNDECODABLE, huge, 0)))
                .detail();

        assertTrue(detail.getBytes(StandardCharsets.UTF_8).length <= DeadLetter.MAX_DETAIL_BYTES);
        assertTrue(detail.startsWith("undecodable: éé"));
        assertTrue(detail.endsWith("\n[truncated: 1 rejection in total]"));
    }

    @Test
    void truncateUtf8NeverSplitsACodePoint() {
        assertEquals("a", DeadLetter.truncateUtf8("a😀", 4));
        assertEquals("a😀", DeadLetter.truncateUtf8("a😀", 5));
        assertEquals("", DeadLetter.truncateUtf8("é", 1));
    }
}
