package io.driftwatch.connectors.otlp.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpFuzzSeeds;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.OtlpRecordDecoder;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import io.driftwatch.connectors.otlp.fuzz.OtlpMutator.MutationKind;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 50,000 seeded hostile records through every decoder (metrics and spans, both encodings): nothing
 * escapes, nothing is lost (every rejected record is a dead letter with a reason), nothing over the size
 * limit is decoded. A failure names the case; {@code new OtlpMutator(SEED, seeds, ...)} replays it.
 */
class DecoderFuzzTest {

    static final long SEED = 20261206L;
    static final int RECORDS = 50_000;
    /** Small, so that huge strings cross it often and the run stays fast. */
    static final int MAX_RECORD_BYTES = 64 * 1024;

    static final DecoderOptions OPTIONS = DecoderOptions.builder()
            .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
            .maxRecordBytes(MAX_RECORD_BYTES)
            .build();

    @Test
    void fiftyThousandHostileRecordsNeitherEscapeNorGetLost() {
        List<OtlpMutator.Seed> seeds = OtlpFuzzSeeds.all();
        DecoderFuzz.Tally tally = new DecoderFuzz.Tally();

        new DecoderFuzz(OPTIONS).run(new OtlpMutator(SEED, seeds, 2 * MAX_RECORD_BYTES), RECORDS, tally);

        tally.byKind.forEach(
                (k, n) -> System.out.printf("%s: %d cases, %.1f ms%n", k, n, tally.nanosByKind.get(k) / 1e6));
        assertEquals(List.of(), tally.violations, () -> tally.violationCount + " violations");
        assertEquals(RECORDS, tally.records);
        assertEquals(RECORDS, tally.recordsAccepted + tally.recordsRejected);
        assertEquals(EnumSet.allOf(MutationKind.class), tally.byKind.keySet(), "every kind of mutation ran");
        // The run reaches the checks it is meant to exercise, and some mutants are still good data.
        for (RejectReason r : List.of(
                RejectReason.UNDECODABLE,
                RejectReason.RECORD_TOO_LARGE,
                RejectReason.TOO_MANY_LABELS,
                RejectReason.TIME_SKEW,
                RejectReason.ABSURD_TIMESTAMP,
                RejectReason.NEGATIVE_COUNT,
                RejectReason.NON_FINITE_VALUE,
                RejectReason.COUNT_MISMATCH)) {
            assertTrue(
                    tally.recordsByReason.getOrDefault(r, 0L) > 0, () -> r + " never seen: " + tally.recordsByReason);
        }
        assertTrue(tally.recordsAccepted > RECORDS / 10, () -> "accepted " + tally.recordsAccepted);
    }

    @Test
    void sameSeedSameCases() {
        List<OtlpMutator.Seed> seeds = OtlpFuzzSeeds.all();
        OtlpMutator a = new OtlpMutator(7, seeds, 1_000);
        OtlpMutator b = new OtlpMutator(7, seeds, 1_000);
        for (int i = 0; i < 500; i++) {
            OtlpMutator.Case x = a.next();
            OtlpMutator.Case y = b.next();
            assertEquals(x.kind(), y.kind());
            assertEquals(x.timestampMillis(), y.timestampMillis());
            assertTrue(java.util.Arrays.equals(x.value(), y.value()), "case " + i);
        }
    }

    @Test
    void aHundredMegabyteRecordIsRejectedBySizeWithoutBeingReadOrKept() throws Exception {
        // One 100 MB attribute string; only its length is looked at.
        byte[] huge = HostileRecords.hugeAttributeRequest(100 << 20);
        assertEquals(
                100 << 20,
                ExportMetricsServiceRequest.parseFrom(huge)
                        .getResourceMetrics(0)
                        .getResource()
                        .getAttributes(0)
                        .getValue()
                        .getStringValue()
                        .length(),
                "a well-formed request: only its size is wrong");
        OtlpRecordDecoder decoder = OtlpRecordDecoder.builder()
                .topic("t", OtlpEncoding.OTLP_PROTO)
                .decoderOptions(DecoderOptions.defaults())
                .build();

        DecodedOtlp<MetricPoint> d = decoder.decode(new OtlpRecord("t", 3, 42, 1_000L, null, huge));

        assertEquals(List.of(), d.result().accepted());
        Rejection r = d.result().rejections().get(0);
        assertEquals(RejectReason.RECORD_TOO_LARGE, r.reason());
        assertEquals(
                "the value has " + huge.length + " bytes, more than the limit of 1000000 (ingest.max-record-bytes);"
                        + " it was not decoded and is not copied here: read it from t-3 at offset 42",
                r.detail());
        assertNull(d.record().value(), "the dead letter does not carry the 100 MB");
        assertEquals(42, d.record().offset());
    }
}
