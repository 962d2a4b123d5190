package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DecoderOptionsTest {

    @Test
    void defaultsAndLimits() {
        DecoderOptions o = DecoderOptions.builder().clock(OtlpTestData.CLOCK).build();

        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), o.minTimestamp());
        assertEquals(Duration.ofHours(1), o.maxFutureSkew());
        assertEquals(946_684_800_000_000_000L, o.minTimestampNanos());
        assertEquals(1_704_070_800_000_000_000L, o.maxTimestampNanos(), "2024-01-01T01:00:00Z");
    }

    @Test
    void maxTimestampSaturatesInsteadOfOverflowing() {
        DecoderOptions o = DecoderOptions.builder()
                .clock(Clock.fixed(Instant.parse("2262-04-11T00:00:00Z"), ZoneOffset.UTC))
                .maxFutureSkew(Duration.ofDays(365))
                .build();
        DecoderOptions farFuture = DecoderOptions.builder()
                .clock(Clock.fixed(Instant.parse("3000-01-01T00:00:00Z"), ZoneOffset.UTC))
                .build();

        assertEquals(Long.MAX_VALUE, o.maxTimestampNanos());
        assertEquals(Long.MAX_VALUE, farFuture.maxTimestampNanos());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(
                IllegalArgumentException.class, () -> DecoderOptions.builder().maxFutureSkew(Duration.ofSeconds(-1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DecoderOptions.builder()
                        .minTimestamp(Instant.parse("1969-12-31T23:59:59Z"))
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> DecoderOptions.builder()
                        .minTimestamp(Instant.parse("2300-01-01T00:00:00Z"))
                        .build());
    }

    @Test
    void isJavaSerializableForFlink() throws Exception {
        DecoderOptions o = DecoderOptions.builder()
                .clock(OtlpTestData.CLOCK)
                .maxFutureSkew(Duration.ofMinutes(3))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        DecoderOptions back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (DecoderOptions) in.readObject();
        }
        assertEquals(o.maxTimestampNanos(), back.maxTimestampNanos());
        assertEquals(o.minTimestamp(), back.minTimestamp());
    }
}
