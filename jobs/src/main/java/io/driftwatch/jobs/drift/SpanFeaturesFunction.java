package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializer;
import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.SpanRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The handler of the spans input: passes the feature values of each decoded record on ({@link
 * SpanFeatures}) and its dead letter, if any, to {@link #DEAD_LETTERS}, counting both ({@code
 * driftwatch.drift.span_feature_values}, {@code driftwatch.drift.span_dead_letters}, and per reason
 * {@code driftwatch.drift.reason.<reason>.span_records}). Values keep the record's event time as their
 * element timestamp; the drift operator reads each value's own time.
 */
public final class SpanFeaturesFunction extends ProcessFunction<DecodedOtlp<SpanRecord>, FeatureObservation> {

    private static final long serialVersionUID = 1L;

    /** Span records with at least one rejection. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("span-dead-letters", DeadLetterSerializer.TYPE_INFO);

    private final SpanFeatures features;

    private transient Counter values;
    private transient Counter deadLetters;
    private transient Map<String, Counter> byReason;

    public SpanFeaturesFunction(SpanFeatures features) {
        this.features = features;
    }

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("drift");
        values = group.counter("span_feature_values");
        deadLetters = group.counter("span_dead_letters");
        byReason = new LinkedHashMap<>();
    }

    @Override
    public void processElement(DecodedOtlp<SpanRecord> spans, Context ctx, Collector<FeatureObservation> out) {
        Optional<DeadLetter> letter = features.extract(spans, o -> {
            values.inc();
            out.collect(o);
        });
        if (letter.isEmpty()) {
            return;
        }
        deadLetters.inc();
        for (var reason : letter.get().reasons()) {
            byReason.computeIfAbsent(
                            reason.label(),
                            r -> getRuntimeContext()
                                    .getMetricGroup()
                                    .addGroup("driftwatch")
                                    .addGroup("drift")
                                    .addGroup("reason", r)
                                    .counter("span_records"))
                    .inc();
        }
        ctx.output(DEAD_LETTERS, letter.get());
    }
}
