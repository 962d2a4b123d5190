package io.driftwatch.connectors.deadletter;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest extends SerializerTestBase<DeadLetter> {

    @Override
    protected TypeSerializer<DeadLetter> createSerializer() {
        return new DeadLetterSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<DeadLetter> getTypeClass() {
        return DeadLetter.class;
    }

    @Override
    protected DeadLetter[] getTestData() {
        return new DeadLetter[] {
            DeadLetter.of(
                    new OtlpRecord("t", 0, 0, -1, null, null),
                    List.of(new Rejection(RejectReason.UNDECODABLE, "otlp_proto: the record has no value (null)", 0))),
            DeadLetter.of(
                    new OtlpRecord("otlp_metrics", 5, 123456789L, 1_700_000_000_000L, new byte[] {1}, new byte[] {
                        0x0a, 0x00, (byte) 0xff
                    }),
                    List.of(
                            new Rejection(RejectReason.BUCKET_COUNT_MISMATCH, "histogram \"h\" point #0: ☃", 1),
                            new Rejection(RejectReason.INVALID_QUANTILE, "summary", 1))),
        };
    }

    @Test
    void flinkExtractsTheCustomTypeInformation() {
        assertSame(DeadLetterSerializer.TYPE_INFO, TypeInformation.of(DeadLetter.class));
    }
}
