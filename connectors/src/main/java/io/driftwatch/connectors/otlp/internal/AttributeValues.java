package io.driftwatch.connectors.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.TreeMap;

/**
 * Renders OTLP {@link AnyValue}s as label values, following the OpenTelemetry Collector's {@code
 * pcommon.Value.AsString()} so that labels read the same as the ones users already see from the
 * collector's own Prometheus exporters.
 *
 * <ul>
 *   <li>string: unchanged; bool: {@code true} / {@code false}; int: decimal;
 *   <li>double: {@link #formatDouble(double)} (plain decimal notation, no exponent);
 *   <li>bytes: standard base64 with padding;
 *   <li>array: compact JSON array; kvlist: compact JSON object with keys sorted (a repeated key keeps its
 *       last value); inside JSON, bytes are base64 strings, NaN and infinities are the strings
 *       {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}, and an empty value is {@code null};
 *   <li>empty (no value set): the empty string.
 * </ul>
 */
public final class AttributeValues {

    private static final JsonFactory JSON = new JsonFactory();
    /** Integral doubles below this magnitude print through {@code long}: the common case, and exact. */
    private static final double EXACT_LONG_LIMIT = 0x1p53;

    private AttributeValues() {}

    /** The label value of {@code value}, as described in the class comment. */
    public static String asLabelValue(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue() ? "true" : "false";
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case DOUBLE_VALUE:
                return formatDouble(value.getDoubleValue());
            case BYTES_VALUE:
                return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE:
            case KVLIST_VALUE:
                return toJson(value);
            default:
                return "";
        }
    }

    /**
     * The value as a Java object for string, bool, int and double values ({@link String}, {@link
     * Boolean}, {@link Long}, {@link Double}); {@code null} for bytes, arrays, kvlists and empty values.
     */
    public static Object asRawScalar(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case INT_VALUE:
                return value.getIntValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            default:
                return null;
        }
    }

    /**
     * Formats a double as the shortest plain decimal that {@link Double#toString(double)} gives, without
     * exponent or trailing zeros: {@code 3.0 -> "3"}, {@code 0.25 -> "0.25"}, {@code 1e21 ->
     * "1000000000000000000000"}, {@code 1e-5 -> "0.00001"}; NaN and infinities as {@code NaN}, {@code
     * +Inf}, {@code -Inf}; negative zero as {@code 0}.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < EXACT_LONG_LIMIT) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static String toJson(AnyValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(value, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writeJson(AnyValue value, JsonGenerator g) throws IOException {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                g.writeString(value.getStringValue());
                break;
            case BOOL_VALUE:
                g.writeBoolean(value.getBoolValue());
                break;
            case INT_VALUE:
                g.writeNumber(value.getIntValue());
                break;
            case DOUBLE_VALUE: {
                double d = value.getDoubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(formatDouble(d));
                } else {
                    g.writeString(formatDouble(d));
                }
                break;
            }
            case BYTES_VALUE:
                g.writeString(
                        Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
                break;
            case ARRAY_VALUE: {
                ArrayValue array = value.getArrayValue();
                g.writeStartArray();
                for (int i = 0; i < array.getValuesCount(); i++) {
                    writeJson(array.getValues(i), g);
                }
                g.writeEndArray();
                break;
            }
            case KVLIST_VALUE: {
                KeyValueList list = value.getKvlistValue();
                TreeMap<String, AnyValue> sorted = new TreeMap<>();
                for (int i = 0; i < list.getValuesCount(); i++) {
                    KeyValue kv = list.getValues(i);
                    sorted.put(kv.getKey(), kv.getValue());
                }
                g.writeStartObject();
                for (var e : sorted.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeJson(e.getValue(), g);
                }
                g.writeEndObject();
                break;
            }
            default:
                g.writeNull();
        }
    }
}
