package io.driftwatch.connectors.otlp;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw OTLP Kafka records into {@link MetricPoint}s, applies the {@link CardinalityGuard}, and
 * sends every record with at least one rejection, once, to the {@link #DEAD_LETTERS} side output.
 *
 * <p>The encoding is chosen by the record's topic; a topic without one is dead-lettered as {@link
 * RejectReason#UNKNOWN_TOPIC}. Accepted points keep the input element's timestamp: assign event-time
 * timestamps and watermarks from {@link MetricPoint#timeMillis()} downstream.
 *
 * <p>Flink metrics, under group {@code driftwatch}: counters {@code records_in}, {@code points_out},
 * {@code labels_dropped}, {@code series_refused} (points refused by the series cap), {@code
 * dead_letters}; per reason, under {@code driftwatch.reason.<label>}: {@code rejections} (one per {@link
 * Rejection}) and {@code rejected_points} (the sum of {@link Rejection#items()}); and {@code
 * driftwatch.reason.no_recorded_value.skipped_points}.
 *
 * <p>The guard's admitted series are kept in union operator state, so the same series stay admitted
 * after a restart or rescale (each subtask then knows the series of all former subtasks).
 */
public final class OtlpMetricsDecodeFunction extends ProcessFunction<OtlpRecord, MetricPoint>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricsDecodeFunction.class);

    /** Side output of records with at least one rejection. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("driftwatch-dead-letters", DeadLetterSerializer.TYPE_INFO);

    private final HashMap<String, OtlpEncoding> encodings;
    private final DecoderOptions decoderOptions;
    private final CardinalityGuardSettings guardSettings;

    private transient OtlpMetricsDecoder decoder;
    private transient CardinalityGuard guard;
    private transient ListState<byte[]> guardState;
    private transient Counter recordsIn;
    private transient Counter pointsOut;
    private transient Counter labelsDropped;
    private transient Counter seriesRefused;
    private transient Counter deadLetters;
    private transient Counter skippedPoints;
    private transient EnumMap<RejectReason, Counter> rejections;
    private transient EnumMap<RejectReason, Counter> rejectedPoints;

    private OtlpMetricsDecodeFunction(Builder b) {
        this.encodings = new HashMap<>(b.encodings);
        this.decoderOptions = b.decoderOptions;
        this.guardSettings = b.guardSettings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        guard = new CardinalityGuard(guardSettings);
        guardState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("driftwatch-cardinality-guard", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored()) {
            for (byte[] snapshot : guardState.get()) {
                guard.readmit(snapshot);
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        guardState.update(List.of(guard.admittedSnapshot()));
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new OtlpMetricsDecoder(decoderOptions);
        if (guard == null) {
            guard = new CardinalityGuard(guardSettings);
        }
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("driftwatch");
        recordsIn = group.counter("records_in");
        pointsOut = group.counter("points_out");
        labelsDropped = group.counter("labels_dropped");
        seriesRefused = group.counter("series_refused");
        deadLetters = group.counter("dead_letters");
        skippedPoints = group.addGroup("reason", "no_recorded_value").counter("skipped_points");
        rejections = new EnumMap<>(RejectReason.class);
        rejectedPoints = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            MetricGroup g = group.addGroup("reason", reason.label());
            rejections.put(reason, g.counter("rejections"));
            rejectedPoints.put(reason, g.counter("rejected_points"));
        }
    }

    @Override
    public void processElement(OtlpRecord record, Context ctx, Collector<MetricPoint> out) {
        recordsIn.inc();
        OtlpEncoding encoding = encodings.get(record.topic());
        if (encoding == null) {
            deadLetter(record, List.of(new Rejection(RejectReason.UNKNOWN_TOPIC, "topic \"" + record.topic()
                    + "\" has no configured OTLP encoding (configured: " + new TreeSet<>(encodings.keySet()) + ")", 0)),
                    ctx);
            return;
        }
        DecodeResult<MetricPoint> result;
        try {
            result = decoder.decode(record.value(), encoding);
        } catch (RuntimeException e) {
            // A decoder bug must not turn one record into a restart loop: keep the record, log loudly.
            LOG.error("OTLP decoder failed on {}; dead-lettering it", record, e);
            deadLetter(record, List.of(new Rejection(RejectReason.UNDECODABLE, encoding.configName()
                    + ": decoder failure " + e, 0)), ctx);
            return;
        }
        long droppedBefore = guard.droppedLabels();
        long refusedBefore = guard.refusedPoints();
        int emitted = 0;
        for (MetricPoint point : result.accepted()) {
            Labels labels = guard.strip(point.labels());
            if (!guard.admit(point.name(), labels)) {
                if (guard.refusedPoints(point.name()) == 1) {
                    LOG.warn("metric \"{}\" reached the cap of {} series; points of new series are refused from now on",
                            point.name(), guardSettings.maxSeriesPerMetric());
                }
                continue;
            }
            out.collect(labels == point.labels() ? point : point.toBuilder().labels(labels).build());
            emitted++;
        }
        pointsOut.inc(emitted);
        labelsDropped.inc(guard.droppedLabels() - droppedBefore);
        seriesRefused.inc(guard.refusedPoints() - refusedBefore);
        skippedPoints.inc(result.skippedNoRecordedValue());
        if (result.hasRejections()) {
            deadLetter(record, result.rejections(), ctx);
        }
    }

    private void deadLetter(OtlpRecord record, List<Rejection> list, Context ctx) {
        for (Rejection r : list) {
            rejections.get(r.reason()).inc();
            rejectedPoints.get(r.reason()).inc(r.items());
        }
        deadLetters.inc();
        ctx.output(DEAD_LETTERS, DeadLetter.of(record, list));
    }

    /** Builds an {@link OtlpMetricsDecodeFunction}; at least one topic is required. */
    public static final class Builder {
        private final Map<String, OtlpEncoding> encodings = new HashMap<>();
        private DecoderOptions decoderOptions = DecoderOptions.defaults();
        private CardinalityGuardSettings guardSettings = CardinalityGuardSettings.defaults();

        private Builder() {
        }

        /** Records from {@code topic} are decoded as {@code encoding}. */
        public Builder topic(String topic, OtlpEncoding encoding) {
            encodings.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(encoding, "encoding"));
            return this;
        }

        /** Adds all topic-to-encoding pairs. */
        public Builder topics(Map<String, OtlpEncoding> topicEncodings) {
            topicEncodings.forEach(this::topic);
            return this;
        }

        public Builder decoderOptions(DecoderOptions options) {
            this.decoderOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder cardinalityGuard(CardinalityGuardSettings settings) {
            this.guardSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public OtlpMetricsDecodeFunction build() {
            if (encodings.isEmpty()) {
                throw new IllegalStateException("configure at least one topic and its OTLP encoding");
            }
            return new OtlpMetricsDecodeFunction(this);
        }
    }
}
