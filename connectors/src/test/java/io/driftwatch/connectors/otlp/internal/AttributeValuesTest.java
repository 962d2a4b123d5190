package io.driftwatch.connectors.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {

    @Test
    void formatsDoublesAsPlainShortestDecimals() {
        assertEquals("3", AttributeValues.formatDouble(3.0));
        assertEquals("-7", AttributeValues.formatDouble(-7.0));
        assertEquals("0", AttributeValues.formatDouble(-0.0));
        assertEquals("0.25", AttributeValues.formatDouble(0.25));
        assertEquals("0.30000000000000004", AttributeValues.formatDouble(0.1 + 0.2));
        assertEquals("0.00001", AttributeValues.formatDouble(1e-5));
        assertEquals("1000000000000000000000", AttributeValues.formatDouble(1e21));
        assertEquals("9007199254740992", AttributeValues.formatDouble(0x1p53));
        assertEquals("NaN", AttributeValues.formatDouble(Double.NaN));
        assertEquals("+Inf", AttributeValues.formatDouble(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", AttributeValues.formatDouble(Double.NEGATIVE_INFINITY));
    }

    @Test
    void formattedDoublesParseBackToTheSameValue() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            String s = AttributeValues.formatDouble(d);
            assertEquals(d == 0 ? 0.0 : d, new BigDecimal(s).doubleValue(), s);
        }
    }

    @Test
    void rendersNestedArraysAndKvlistsAsCompactJson() {
        AnyValue nested = AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv(
                                "z",
                                AnyValue.newBuilder().setDoubleValue(Double.NaN).build()))
                        .addValues(kv(
                                "b",
                                AnyValue.newBuilder()
                                        .setBytesValue(ByteString.copyFrom(new byte[] {1, 2}))
                                        .build()))
                        .addValues(kv(
                                "a",
                                AnyValue.newBuilder()
                                        .setArrayValue(ArrayValue.newBuilder()
                                                .addValues(AnyValue.newBuilder().setDoubleValue(2.0))
                                                .addValues(AnyValue.newBuilder().setStringValue("q\"uote"))
                                                .addValues(AnyValue.getDefaultInstance()))
                                        .build()))
                        .addValues(kv("a", AnyValue.newBuilder().setIntValue(1).build())))
                .build();

        // Keys sorted, the repeated key "a" keeps its last value.
        assertEquals("{\"a\":1,\"b\":\"AQI=\",\"z\":\"NaN\"}", AttributeValues.asLabelValue(nested));
        AnyValue array = AnyValue.newBuilder()
                .setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setDoubleValue(2.5))
                        .addValues(AnyValue.newBuilder().setStringValue("q\"uote"))
                        .addValues(AnyValue.getDefaultInstance()))
                .build();
        assertEquals("[2.5,\"q\\\"uote\",null]", AttributeValues.asLabelValue(array));
    }

    @Test
    void rawScalarsKeepTheirType() {
        assertEquals(
                5L,
                AttributeValues.asRawScalar(AnyValue.newBuilder().setIntValue(5).build()));
        assertEquals(
                0.5,
                AttributeValues.asRawScalar(
                        AnyValue.newBuilder().setDoubleValue(0.5).build()));
        assertEquals(
                Boolean.TRUE,
                AttributeValues.asRawScalar(
                        AnyValue.newBuilder().setBoolValue(true).build()));
        assertEquals(
                "s",
                AttributeValues.asRawScalar(
                        AnyValue.newBuilder().setStringValue("s").build()));
        assertNull(AttributeValues.asRawScalar(AnyValue.getDefaultInstance()));
        assertNull(AttributeValues.asRawScalar(AnyValue.newBuilder()
                .setArrayValue(ArrayValue.getDefaultInstance())
                .build()));
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
