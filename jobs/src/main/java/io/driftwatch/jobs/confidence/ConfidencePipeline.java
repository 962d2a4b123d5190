package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.confidence.ConfidenceAlert;
import io.driftwatch.jobs.config.BaselineMode;
import io.driftwatch.jobs.config.ConfidenceConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.delta.SeriesDeltas;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The confidence analysis: confidence histograms to the {@code ml:confidence:*} series.
 *
 * <pre>
 * points ─▶ confidence histograms ─▶ keyBy(series) cumulative→delta ─▶ keyBy(model_name) {@link GroupCap}
 *        ─▶ keyBy(group) {@link ConfidenceBaselineFunction} ─▶ samples, confidence_drift events
 *             └▶ closed intervals ─▶ keyBy(model_name, model_version) roll-up ─▶ samples, events
 *                  └▶ closed intervals ─▶ keyBy(model_name) roll-up ─▶ … ─▶ keyBy() fleet roll-up
 * </pre>
 *
 * The cap is attached when it applies ({@link GroupCap#applies}); each roll-up only when {@code
 * confidence.rollups} lists it, fed by the nearest finer level.
 */
public final class ConfidencePipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "cumulative-to-delta";

    static final String UID_CONFIDENCE = "confidence-baselines";

    static final String UID_GROUP_CAP = "confidence-group-cap";

    /** The uid of a roll-up's baselines: {@code confidence-rollup-model-version} and so on. */
    static String uidOfRollup(String rollup) {
        return "confidence-rollup-" + rollup.replace('_', '-');
    }

    private ConfidencePipeline() {}

    /** The OTLP metrics this analysis reads. */
    public static List<String> consumedMetrics(DriftwatchConfig config) {
        return List.of(config.confidence().metric());
    }

    /** What the analysis produces: samples for remote write, {@code confidence_drift} events for Kafka. */
    public record Outputs(DataStream<PrometheusSample> samples, DataStream<EventRecord> events) {}

    /** Adds the analysis to the job. */
    public static Outputs attach(DataStream<MetricPoint> points, DriftwatchConfig config) {
        ConfidenceSettings settings =
                settings(config.confidence(), config.output().metricPrefix());
        DataStream<MetricPoint> histograms = points.filter(settings::accepts).name("Confidence histograms");
        DataStream<MetricPoint> deltas = SeriesDeltas.of(
                histograms, settings::project, config.ingest().seriesStateTtl(), UID_DELTA, "Confidence");
        if (GroupCap.applies(settings.groupBy())) {
            deltas = deltas.keyBy(GroupCap::modelOf)
                    .process(new GroupCap(settings, config.confidence().maxGroupsPerModel()))
                    .uid(UID_GROUP_CAP)
                    .name("Confidence groups per model");
        }
        List<String> rollups = config.confidence().rollups();
        ConfidenceLevel level = ConfidenceLevel.groups(settings.groupBy(), !rollups.isEmpty());
        SingleOutputStreamOperator<PrometheusSample> groups = deltas.keyBy(settings::keyOf)
                .process(ConfidenceBaselineFunction.ofPoints(settings, level))
                .uid(UID_CONFIDENCE)
                .name("Confidence baselines");
        DataStream<PrometheusSample> samples = groups;
        DataStream<EventRecord> events = groups.getSideOutput(ConfidenceBaselineFunction.EVENTS);
        SingleOutputStreamOperator<PrometheusSample> finer = groups;
        for (int i = 0; i < rollups.size(); i++) {
            ConfidenceLevel next = level.rollUp(rollups.get(i), i + 1 < rollups.size());
            SingleOutputStreamOperator<PrometheusSample> rollup = finer.getSideOutput(
                            ConfidenceBaselineFunction.CLOSED_INTERVALS)
                    .keyBy(next.keyFrom(level), Types.STRING)
                    .process(ConfidenceBaselineFunction.ofClosedIntervals(settings, next))
                    .uid(uidOfRollup(next.rollup()))
                    .name("Confidence roll-up by " + next.rollup());
            samples = samples.union(rollup);
            events = events.union(rollup.getSideOutput(ConfidenceBaselineFunction.EVENTS));
            finer = rollup;
            level = next;
        }
        return new Outputs(samples, events);
    }

    static ConfidenceSettings settings(ConfidenceConfig c, String metricPrefix) {
        return new ConfidenceSettings(
                c.metric(),
                c.groupBy(),
                c.evaluationInterval(),
                c.currentWindow(),
                c.baseline().period(),
                c.baseline().mode() == BaselineMode.ROLLING,
                c.baseline().mode() == BaselineMode.HOUR_OF_WEEK,
                c.minCountPerInterval(),
                c.lowThreshold(),
                c.adaptiveThresholdK(),
                metricPrefix + "ml:confidence:",
                new ConfidenceAlert(c.driftRatioThreshold(), c.resolveRatio(), c.minSamples()),
                metricPrefix + "ml_confidence_drift_firing",
                c.shortWindow(),
                c.shortWindowAlpha());
    }
}
