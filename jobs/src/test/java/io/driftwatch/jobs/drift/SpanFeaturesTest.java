package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.OtlpDeserializationSchema;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.SpanRecord;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The spans input as the job runs it: the connectors' source decoding, then {@link SpanFeatures}. */
class SpanFeaturesTest {

    static final long T = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli();
    static final OtlpDeserializationSchema<SpanRecord> SOURCE = OtlpDeserializationSchema.spans(
            Map.of("spans", OtlpEncoding.OTLP_PROTO, "spans_json", OtlpEncoding.OTLP_JSON), DecoderOptions.defaults());
    static final SpanFeatures FEATURES = new SpanFeatures("ml.feature.", "sampling.probability");

    static KeyValue kv(String key, AnyValue.Builder v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    static Span.Builder span(long startMillis) {
        return Span.newBuilder()
                .setName("predict")
                .setStartTimeUnixNano(startMillis * 1_000_000L)
                .setEndTimeUnixNano((startMillis + 5) * 1_000_000L);
    }

    static ExportTraceServiceRequest request(Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(kv(
                                        "gen_ai.request.model",
                                        AnyValue.newBuilder().setStringValue("llama")))
                                .addAttributes(kv(
                                        "model_version", AnyValue.newBuilder().setStringValue("3"))))
                        .addScopeSpans(scope))
                .build();
    }

    /** What the source emits for one Kafka record at offset 7. */
    static List<DecodedOtlp<SpanRecord>> source(
            OtlpDeserializationSchema<SpanRecord> schema, String topic, byte[] value) {
        List<DecodedOtlp<SpanRecord>> out = new ArrayList<>();
        schema.deserialize(new ConsumerRecord<>(topic, 0, 7L, null, value), collector(out::add));
        return out;
    }

    static <T> Collector<T> collector(Consumer<T> consumer) {
        return new Collector<>() {
            @Override
            public void collect(T t) {
                consumer.accept(t);
            }

            @Override
            public void close() {}
        };
    }

    /** The feature values ({@code Left}) and the dead letter ({@code Right}) of one Kafka record. */
    static List<Either<FeatureObservation, DeadLetter>> decode(String topic, byte[] value) {
        List<Either<FeatureObservation, DeadLetter>> out = new ArrayList<>();
        for (DecodedOtlp<SpanRecord> spans : source(SOURCE, topic, value)) {
            FEATURES.extract(spans, o -> out.add(Either.Left(o))).ifPresent(letter -> out.add(Either.Right(letter)));
        }
        return out;
    }

    @Test
    void featureAttributesBecomeWeightedValuesOfTheSpansModel() throws Exception {
        ExportTraceServiceRequest r = request(span(T).setTraceState("ot=th:c")
                .addAttributes(kv("ml.feature.amount", AnyValue.newBuilder().setDoubleValue(12.5)))
                .addAttributes(kv("ml.feature.items", AnyValue.newBuilder().setIntValue(3)))
                .addAttributes(kv("ml.feature.country", AnyValue.newBuilder().setStringValue("DE")))
                .addAttributes(kv("ml.feature.", AnyValue.newBuilder().setStringValue("no name")))
                .addAttributes(kv("other", AnyValue.newBuilder().setStringValue("ignored"))));
        for (var input : List.of(
                Map.entry("spans", r.toByteArray()),
                Map.entry("spans_json", JsonFormat.printer().print(r).getBytes(StandardCharsets.UTF_8)))) {
            List<Either<FeatureObservation, DeadLetter>> out = decode(input.getKey(), input.getValue());
            assertEquals(3, out.size(), input.getKey());
            FeatureObservation amount = out.get(0).left();
            assertEquals(FeatureObservation.keyOf("llama", "3", "amount"), amount.key);
            assertEquals(FeatureSummary.Kind.NUMERIC, amount.kind);
            assertEquals(12.5, amount.number);
            assertEquals(4, amount.weight);
            assertEquals(T, amount.timeMillis);
            assertEquals(3.0, out.get(1).left().number);
            assertEquals(FeatureSummary.Kind.CATEGORICAL, out.get(2).left().kind);
            assertEquals("DE", out.get(2).left().category);
        }
    }

    /** Segment values from span (and resource) attributes, aliases resolved, a missing one empty. */
    @Test
    void theSegmentLabelsValuesJoinTheKey() {
        SpanFeatures segmented =
                new SpanFeatures("ml.feature.", "sampling.probability", List.of("use_case", "environment", "tier"));
        byte[] value = request(span(T).addAttributes(
                                kv("use_case", AnyValue.newBuilder().setStringValue("chat")))
                        .addAttributes(kv(
                                "deployment.environment.name",
                                AnyValue.newBuilder().setStringValue("prod")))
                        .addAttributes(
                                kv("ml.feature.country", AnyValue.newBuilder().setStringValue("DE"))))
                .toByteArray();
        List<FeatureObservation> out = new ArrayList<>();
        for (DecodedOtlp<SpanRecord> spans : source(SOURCE, "spans", value)) {
            assertTrue(segmented.extract(spans, out::add).isEmpty());
        }
        assertEquals(1, out.size());
        assertEquals(FeatureObservation.keyOf("llama", "3", "country", List.of("chat", "prod", "")), out.get(0).key);
    }

    @Test
    void badSpansAreDeadLetteredWhileTheGoodValuesFlow() {
        byte[] value = request(
                        span(T).setTraceState("ot=th:nothex")
                                .addAttributes(
                                        kv("ml.feature.a", AnyValue.newBuilder().setDoubleValue(1))),
                        span(T).addAttributes(
                                        kv("ml.feature.a", AnyValue.newBuilder().setDoubleValue(Double.NaN)))
                                .addAttributes(
                                        kv("ml.feature.b", AnyValue.newBuilder().setDoubleValue(2))),
                        span(0).addAttributes(
                                        kv("ml.feature.a", AnyValue.newBuilder().setDoubleValue(3))))
                .toByteArray();
        List<Either<FeatureObservation, DeadLetter>> out = decode("spans", value);
        assertEquals(2, out.size());
        assertEquals(2.0, out.get(0).left().number);
        DeadLetter letter = out.get(1).right();
        assertEquals(
                List.of(RejectReason.ABSURD_TIMESTAMP, RejectReason.INVALID_SAMPLING, RejectReason.NON_FINITE_VALUE),
                letter.reasons());
        assertTrue(letter.detail().contains("th:nothex"), letter.detail());
        assertTrue(letter.detail().contains("ml.feature.a = NaN"), letter.detail());
        assertEquals(7L, letter.sourceOffset());

        DeadLetter unreadable = decode("spans", new byte[] {1, 2, 3}).get(0).right();
        assertEquals(List.of(RejectReason.UNDECODABLE), unreadable.reasons());
        assertEquals(
                List.of(RejectReason.UNKNOWN_TOPIC),
                decode("elsewhere", value).get(0).right().reasons());
    }

    /** A clock that fails: the decoder reads it once per record, so this makes the decoder itself throw. */
    private static final class BrokenClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            throw new IllegalStateException("clock broken");
        }
    }

    @Test
    void aRecordWhoseDecodingThrowsBecomesADeadLetterWithAReasonInsteadOfAnException() throws Exception {
        OtlpDeserializationSchema<SpanRecord> broken = OtlpDeserializationSchema.spans(
                Map.of("spans", OtlpEncoding.OTLP_PROTO),
                DecoderOptions.builder().clock(new BrokenClock()).build());
        byte[] value = request(span(T).addAttributes(
                                kv("ml.feature.a", AnyValue.newBuilder().setDoubleValue(1))))
                .toByteArray();
        List<DecodedOtlp<SpanRecord>> decoded = source(broken, "spans", value);
        assertEquals(1, decoded.size());

        try (HarnessMetrics metrics = new HarnessMetrics();
                OneInputStreamOperatorTestHarness<DecodedOtlp<SpanRecord>, FeatureObservation> harness =
                        new OneInputStreamOperatorTestHarness<>(
                                new ProcessOperator<>(new SpanFeaturesFunction(FEATURES)), metrics.environment())) {
            harness.open();
            harness.processElement(decoded.get(0), decoded.get(0).eventTimeMillis());

            assertEquals(List.of(), harness.extractOutputValues());
            List<DeadLetter> letters = harness.getSideOutput(SpanFeaturesFunction.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0);
            assertEquals(List.of(RejectReason.UNDECODABLE), letter.reasons());
            assertEquals(
                    "undecodable: otlp_proto: decoder failure java.lang.IllegalStateException: clock broken",
                    letter.detail());
            assertEquals(7L, letter.sourceOffset());
            assertSame(value, letter.value(), "the original bytes, for replay");
            assertEquals(1, metrics.count("driftwatch.drift.span_dead_letters"));
            assertEquals(1, metrics.count("driftwatch.drift.reason.undecodable.span_records"));
            assertEquals(0, metrics.count("driftwatch.drift.span_feature_values"));
        }
    }

    @Test
    void observationsAreFlinkPojosAndSummariesRoundTripThroughTheirSerializer() throws Exception {
        assertTrue(TypeInformation.of(FeatureObservation.class) instanceof PojoTypeInfo);
        FeatureSummary s = FeatureSummary.numeric(0.001);
        for (int i = 0; i < 1000; i++) {
            s.add(i, 2);
        }
        var out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        FeatureSummarySerializer.INSTANCE.serialize(s, out);
        FeatureSummary back = FeatureSummarySerializer.INSTANCE.deserialize(
                new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(s.observations(), back.observations());
        assertEquals(s.weight(), back.weight());
        assertEquals(s.numeric().quantile(0.5), back.numeric().quantile(0.5));
    }
}
