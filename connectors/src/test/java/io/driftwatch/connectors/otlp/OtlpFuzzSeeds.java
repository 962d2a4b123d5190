package io.driftwatch.connectors.otlp;

import io.driftwatch.connectors.otlp.fuzz.OtlpMutator;
import io.driftwatch.connectors.otlp.fuzz.OtlpMutator.Seed;
import io.driftwatch.connectors.otlp.fuzz.OtlpMutator.Signal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The real records the decoder fuzz test mutates: the protocol's own OTLP/JSON examples (and their
 * protobuf form), and this module's fixtures of every metric kind and of a full span, each stamped with
 * the Kafka timestamp an exporter would give it (its newest time).
 */
public final class OtlpFuzzSeeds {

    private static final long EXAMPLES_MILLIS = 1_544_712_661_300L;
    private static final long T0_MILLIS = OtlpTestData.T0 / 1_000_000L;

    private OtlpFuzzSeeds() {}

    public static List<OtlpMutator.Seed> all() {
        byte[] metricsJson = OtlpTestData.resource("metrics.json");
        byte[] traceJson = OtlpTestData.resource("trace.json");
        return List.of(
                new Seed(
                        Signal.METRICS,
                        OtlpEncoding.OTLP_PROTO,
                        OtlpMetricsDecoderTest.ALL_KINDS.toByteArray(),
                        T0_MILLIS),
                new Seed(
                        Signal.METRICS,
                        OtlpEncoding.OTLP_JSON,
                        OtlpMetricsDecoderTest.ALL_KINDS_JSON.getBytes(StandardCharsets.UTF_8),
                        T0_MILLIS),
                new Seed(Signal.METRICS, OtlpEncoding.OTLP_JSON, metricsJson, EXAMPLES_MILLIS),
                new Seed(
                        Signal.METRICS, OtlpEncoding.OTLP_PROTO, protoOf(Signal.METRICS, metricsJson), EXAMPLES_MILLIS),
                new Seed(Signal.SPANS, OtlpEncoding.OTLP_PROTO, OtlpTracesDecoderTest.FULL.toByteArray(), T0_MILLIS),
                new Seed(Signal.SPANS, OtlpEncoding.OTLP_JSON, traceJson, EXAMPLES_MILLIS),
                new Seed(Signal.SPANS, OtlpEncoding.OTLP_PROTO, protoOf(Signal.SPANS, traceJson), EXAMPLES_MILLIS));
    }

    private static byte[] protoOf(Signal signal, byte[] json) {
        return OtlpMutator.toProto(new Seed(signal, OtlpEncoding.OTLP_JSON, json, 0));
    }
}
