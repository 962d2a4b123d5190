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
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The confidence analysis: confidence histograms to the {@code ml:confidence:*} series.
 *
 * <pre>
 * points ─▶ confidence histograms ─▶ keyBy(series) cumulative→delta
 *        ─▶ keyBy(group) {@link ConfidenceBaselineFunction} ─▶ samples
 *                                                            └▶ confidence_drift events
 * </pre>
 */
public final class ConfidencePipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "cumulative-to-delta";

    static final String UID_CONFIDENCE = "confidence-baselines";

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
        SingleOutputStreamOperator<PrometheusSample> samples = SeriesDeltas.of(
                        histograms, settings::project, config.ingest().seriesStateTtl(), UID_DELTA, "Confidence")
                .keyBy(settings::keyOf)
                .process(new ConfidenceBaselineFunction(settings))
                .uid(UID_CONFIDENCE)
                .name("Confidence baselines");
        return new Outputs(samples, samples.getSideOutput(ConfidenceBaselineFunction.EVENTS));
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
