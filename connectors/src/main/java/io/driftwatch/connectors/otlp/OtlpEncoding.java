package io.driftwatch.connectors.otlp;

import java.util.Locale;

/**
 * How the OpenTelemetry Collector's kafka exporter encoded a record's value ({@code encoding:} in its
 * configuration).
 */
public enum OtlpEncoding {
    /** A binary protobuf {@code Export*ServiceRequest}; the collector's default. */
    OTLP_PROTO("otlp_proto"),
    /** The OTLP/JSON encoding of the same request (hex trace and span ids, lowerCamelCase keys). */
    OTLP_JSON("otlp_json");

    private final String configName;

    OtlpEncoding(String configName) {
        this.configName = configName;
    }

    /** The spelling used in the collector's configuration, e.g. {@code otlp_proto}. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a collector encoding name. Surrounding blanks and letter case are ignored.
     *
     * @throws IllegalArgumentException naming the value and the accepted spellings, for anything else
     *     (including encodings the collector supports that Driftwatch does not read, such as {@code raw})
     */
    public static OtlpEncoding parse(String name) {
        if (name != null) {
            String normalised = name.trim().toLowerCase(Locale.ROOT);
            for (OtlpEncoding e : values()) {
                if (e.configName.equals(normalised)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unsupported OTLP Kafka encoding "
                + (name == null ? "null" : '"' + name + '"') + ": expected one of otlp_proto, otlp_json");
    }
}
