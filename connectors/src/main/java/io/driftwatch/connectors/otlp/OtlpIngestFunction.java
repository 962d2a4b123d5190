package io.driftwatch.connectors.otlp;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializer;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
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
 * Applies the {@link CardinalityGuard} to the points of {@link DecodedOtlp}s (decoded in the Kafka
 * source by {@link OtlpDeserializationSchema#metrics}), emits the admitted {@link MetricPoint}s, and sends
 * every record with at least one rejection, once, to the {@link #DEAD_LETTERS} side output, with its
 * original bytes and source coordinates.
 *
 * <p>Event time: emitted points keep the timestamp of their input element, i.e. the one the source
 * assigned. Assign it, and watermarks, per Kafka partition on the source from {@link
 * DecodedOtlp#eventTimeMillis()}, e.g. {@code env.fromSource(source,
 * WatermarkStrategy.<DecodedOtlp<MetricPoint>>forBoundedOutOfOrderness(d).withTimestampAssigner((r, ts) ->
 * r.eventTimeMillis()), name)}; a point's own time stays {@link MetricPoint#timeMillis()}.
 *
 * <p>Flink metrics, under group {@code driftwatch}: counters {@code records_in}, {@code points_out}, {@code points_not_consumed},
 * {@code labels_dropped}, {@code series_refused} (points refused by the series cap), {@code
 * dead_letters}; per reason, under {@code driftwatch.reason.<label>}: {@code rejections} (one per {@link
 * Rejection}) and {@code rejected_points} (the sum of {@link Rejection#items()}); and {@code
 * driftwatch.reason.no_recorded_value.skipped_points}.
 *
 * <p>The guard's admitted series are kept in split (round-robin) operator state: one snapshot per
 * subtask. At unchanged parallelism each subtask gets its own back, and Kafka's partition assignment
 * sends it the same series, so they stay admitted across a restart; on a rescale each subtask re-admits
 * the snapshots it is given. Not union state: Flink aborts a checkpoint of a vertex with union state
 * when only some of its subtasks have finished their operators, which is what a stop-with-savepoint
 * does to the source subtasks one by one ({@code PartialFinishingNotSupportedByStateException}).
 */
public final class OtlpIngestFunction extends ProcessFunction<DecodedOtlp<MetricPoint>, MetricPoint>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OtlpIngestFunction.class);

    /** Side output of records with at least one rejection. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("driftwatch-dead-letters", DeadLetterSerializer.TYPE_INFO);

    private final CardinalityGuardSettings guardSettings;

    private transient CardinalityGuard guard;
    private transient ListState<byte[]> guardState;
    private transient Counter recordsIn;
    private transient Counter pointsOut;
    private transient Counter labelsDropped;
    private transient Counter seriesRefused;
    private transient Counter deadLetters;
    private transient Counter pointsNotConsumed;
    private transient Counter skippedPoints;
    private transient EnumMap<RejectReason, Counter> rejections;
    private transient EnumMap<RejectReason, Counter> rejectedPoints;

    private OtlpIngestFunction(Builder b) {
        this.guardSettings = b.guardSettings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        guard = new CardinalityGuard(guardSettings);
        guardState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>(
                        "driftwatch-cardinality-guard", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
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
        if (guard == null) {
            guard = new CardinalityGuard(guardSettings);
        }
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("driftwatch");
        recordsIn = group.counter("records_in");
        pointsOut = group.counter("points_out");
        labelsDropped = group.counter("labels_dropped");
        seriesRefused = group.counter("series_refused");
        deadLetters = group.counter("dead_letters");
        pointsNotConsumed = group.counter("points_not_consumed");
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
    public void processElement(DecodedOtlp<MetricPoint> record, Context ctx, Collector<MetricPoint> out) {
        recordsIn.inc();
        DecodeResult<MetricPoint> result = record.result();
        long droppedBefore = guard.droppedLabels();
        long refusedBefore = guard.refusedPoints();
        int emitted = 0;
        for (MetricPoint point : result.accepted()) {
            Labels labels = guard.strip(point.labels());
            if (!guard.admit(point.name(), labels)) {
                if (guard.refusedPoints(point.name()) == 1) {
                    LOG.warn(
                            "metric \"{}\" reached the cap of {} series; points of new series are refused from now on",
                            point.name(),
                            guardSettings.maxSeriesPerMetric());
                }
                continue;
            }
            out.collect(
                    labels == point.labels()
                            ? point
                            : point.toBuilder().labels(labels).build());
            emitted++;
        }
        pointsOut.inc(emitted);
        pointsNotConsumed.inc(result.notConsumed());
        labelsDropped.inc(guard.droppedLabels() - droppedBefore);
        seriesRefused.inc(guard.refusedPoints() - refusedBefore);
        skippedPoints.inc(result.skippedNoRecordedValue());
        if (result.hasRejections()) {
            deadLetter(record.record(), result.rejections(), ctx);
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

    /** Builds an {@link OtlpIngestFunction}. */
    public static final class Builder {
        private CardinalityGuardSettings guardSettings = CardinalityGuardSettings.defaults();

        private Builder() {}

        /** Label dropping and series cap; default {@link CardinalityGuardSettings#defaults()}. */
        public Builder cardinalityGuard(CardinalityGuardSettings settings) {
            this.guardSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public OtlpIngestFunction build() {
            return new OtlpIngestFunction(this);
        }
    }
}
