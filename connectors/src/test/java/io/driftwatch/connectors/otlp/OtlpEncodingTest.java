package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OtlpEncodingTest {

    @Test
    void parsesTheCollectorSpellings() {
        assertEquals(OtlpEncoding.OTLP_PROTO, OtlpEncoding.parse("otlp_proto"));
        assertEquals(OtlpEncoding.OTLP_JSON, OtlpEncoding.parse("otlp_json"));
        assertEquals(OtlpEncoding.OTLP_JSON, OtlpEncoding.parse(" OTLP_JSON "));
        assertEquals("otlp_proto", OtlpEncoding.OTLP_PROTO.configName());
    }

    @Test
    void rejectsOtherNamesListingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OtlpEncoding.parse("raw"));
        assertEquals("unsupported OTLP Kafka encoding \"raw\": expected one of otlp_proto, otlp_json", e.getMessage());
        assertEquals(
                "unsupported OTLP Kafka encoding null: expected one of otlp_proto, otlp_json",
                assertThrows(IllegalArgumentException.class, () -> OtlpEncoding.parse(null))
                        .getMessage());
    }

    @Test
    void reasonLabelsAreStableSnakeCase() {
        assertEquals("bucket_count_mismatch", RejectReason.BUCKET_COUNT_MISMATCH.label());
        assertEquals("undecodable", RejectReason.UNDECODABLE.label());
        for (RejectReason r : RejectReason.values()) {
            assertEquals(true, r.label().matches("[a-z]+(_[a-z]+)*"), r.label());
        }
    }
}
