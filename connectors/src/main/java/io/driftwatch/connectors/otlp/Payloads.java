package io.driftwatch.connectors.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.driftwatch.connectors.otlp.internal.OtlpJson;
import io.driftwatch.connectors.otlp.internal.OtlpJson.OtlpJsonException;

/** Turns a Kafka record value into an OTLP request message, or into an UNDECODABLE detail. */
final class Payloads {

    private Payloads() {}

    /** Either a parsed request or the reason there is none. */
    static final class Parsed<M> {
        final M message;
        final String failure;

        private Parsed(M message, String failure) {
            this.message = message;
            this.failure = failure;
        }
    }

    static <M extends Message> Parsed<M> parse(
            byte[] value, OtlpEncoding encoding, Parser<M> protoParser, Message.Builder jsonBuilder) {
        String type = jsonBuilder.getDescriptorForType().getName();
        if (value == null) {
            return new Parsed<>(null, encoding.configName() + ": the record has no value (null), expected a " + type);
        }
        switch (encoding) {
            case OTLP_PROTO:
                try {
                    return new Parsed<>(protoParser.parseFrom(value), null);
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    String hint = firstSignificantByte(value) == '{'
                            ? " (the value starts with '{': is the topic's encoding otlp_json?)"
                            : "";
                    return new Parsed<>(
                            null,
                            "otlp_proto: " + value.length + " bytes are not a valid " + type + ": " + e.getMessage()
                                    + hint);
                }
            case OTLP_JSON:
                try {
                    OtlpJson.merge(value, jsonBuilder);
                    @SuppressWarnings("unchecked")
                    M message = (M) jsonBuilder.build();
                    return new Parsed<>(message, null);
                } catch (OtlpJsonException e) {
                    int first = firstSignificantByte(value);
                    String hint = first >= 0 && first != '{'
                            ? " (the value does not start with '{': is the topic's encoding otlp_proto?)"
                            : "";
                    return new Parsed<>(
                            null,
                            "otlp_json: " + value.length + " bytes are not a valid " + type + ": " + e.getMessage()
                                    + hint);
                }
            default:
                throw new AssertionError(encoding);
        }
    }

    /** The first byte that is not JSON whitespace, or -1. */
    private static int firstSignificantByte(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b & 0xFF;
            }
        }
        return -1;
    }
}
