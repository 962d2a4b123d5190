package io.driftwatch.connectors.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Set;

/**
 * Reads OTLP/JSON into protobuf messages.
 *
 * <p>OTLP/JSON is the protobuf JSON mapping with one incompatible exception: trace and span ids
 * ({@code traceId}, {@code spanId}, {@code parentSpanId}, wherever they occur: spans, links, exemplars,
 * log records) are hex strings, where the mapping (and so {@link JsonFormat}) expects base64. This class
 * streams the document once through Jackson, re-encoding exactly those string values from hex to
 * base64 and copying every other token verbatim (numbers keep their exact text), then hands the result
 * to {@link JsonFormat} with unknown fields ignored, as the OTLP specification requires of receivers.
 * Everything else OTLP/JSON allows (enums as integers or names, 64-bit integers as numbers or strings,
 * lowerCamelCase or original field names) {@link JsonFormat} accepts as it is.
 */
public final class OtlpJson {

    private static final JsonFactory JACKSON = new JsonFactory();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final Set<String> ID_FIELDS =
            Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

    private OtlpJson() {}

    /** Thrown when a document is not valid OTLP/JSON; the message says what and, where known, where. */
    public static final class OtlpJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        OtlpJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Parses the UTF-8 OTLP/JSON {@code json} into {@code builder}. */
    public static void merge(byte[] json, Message.Builder builder) throws OtlpJsonException {
        String protobufJson = hexIdsToBase64(json);
        try {
            PARSER.merge(protobufJson, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports some malformed input (e.g. a value of the wrong JSON type) as unchecked exceptions.
            throw new OtlpJsonException(
                    "not an OTLP/JSON " + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The document with every trace/span id string re-encoded from hex to base64. */
    static String hexIdsToBase64(byte[] json) throws OtlpJsonException {
        StringWriter out = new StringWriter(json.length + 16);
        try (JsonParser p = JACKSON.createParser(json);
                JsonGenerator g = JACKSON.createGenerator(out)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new OtlpJsonException("empty JSON document", null);
            }
            for (; t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME:
                        g.writeFieldName(p.currentName());
                        break;
                    case VALUE_STRING:
                        String field = p.currentName();
                        if (field != null
                                && ID_FIELDS.contains(field)
                                && p.getParsingContext().inObject()) {
                            g.writeString(hexToBase64(field, p.getText(), p));
                        } else {
                            g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                        }
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        g.writeNumber(p.getText());
                        break;
                    default:
                        g.copyCurrentEvent(p);
                }
            }
        } catch (OtlpJsonException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new OtlpJsonException("malformed JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static String hexToBase64(String field, String hex, JsonParser p) throws OtlpJsonException {
        if ((hex.length() & 1) != 0) {
            throw new OtlpJsonException(
                    field + " \"" + abbreviate(hex) + "\" at " + location(p) + " is not hex: odd number of digits ("
                            + hex.length() + ")",
                    null);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = hexDigit(hex.charAt(2 * i));
            int lo = hexDigit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new OtlpJsonException(
                        field + " \"" + abbreviate(hex) + "\" at " + location(p)
                                + " is not hex (OTLP/JSON encodes trace and span ids as hex, not base64)",
                        null);
            }
            bytes[i] = (byte) ((hi << 4) | lo);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The value of an ASCII hex digit (either case), or -1. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String location(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr() + " column "
                + p.currentTokenLocation().getColumnNr();
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
