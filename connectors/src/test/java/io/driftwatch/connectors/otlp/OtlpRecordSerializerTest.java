package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class OtlpRecordSerializerTest extends SerializerTestBase<OtlpRecord> {

    @Override
    protected TypeSerializer<OtlpRecord> createSerializer() {
        return new OtlpRecordSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OtlpRecord> getTypeClass() {
        return OtlpRecord.class;
    }

    @Override
    protected OtlpRecord[] getTestData() {
        return new OtlpRecord[] {
            new OtlpRecord("otlp_metrics", 0, 0, -1, null, null),
            new OtlpRecord("otlp_metrics", 7, Long.MAX_VALUE, 1_700_000_000_000L, new byte[0], new byte[] {1, 2, 3}),
            new OtlpRecord("tópico", -1, -5, Long.MIN_VALUE, new byte[] {(byte) 0xff}, new byte[100_000]),
        };
    }

    @Test
    void flinkExtractsTheCustomTypeInformation() {
        assertSame(OtlpRecordSerializer.TYPE_INFO, TypeInformation.of(OtlpRecord.class));
    }
}
