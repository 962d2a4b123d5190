package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.MetricPointTypeInfo;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.config.BaselineMode;
import io.driftwatch.jobs.config.ConfidenceConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.ingest.CumulativeToDeltaFunction;
import io.driftwatch.jobs.ingest.SeriesKey;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The confidence analysis: confidence histograms to the {@code ml:confidence:*} series.
 *
 * <pre>
 * points ─▶ confidence histograms ─▶ keyBy(series) cumulative→delta
 *        ─▶ keyBy(group) {@link ConfidenceBaselineFunction} ─▶ samples
 * </pre>
 */
public final class ConfidencePipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "cumulative-to-delta";
    static final String UID_CONFIDENCE = "confidence-baselines";

    private static final TypeInformation<Tuple2<Long, MetricPoint>> SERIES_POINT =
            Types.TUPLE(Types.LONG, MetricPointTypeInfo.INSTANCE);

    private ConfidencePipeline() {}

    /** The OTLP metrics this analysis reads. */
    public static List<String> consumedMetrics(DriftwatchConfig config) {
        return List.of(config.confidence().metric());
    }

    /** Adds the analysis to the job; returns the derived samples for remote write. */
    public static DataStream<PrometheusSample> attach(DataStream<MetricPoint> points, DriftwatchConfig config) {
        ConfidenceSettings settings = settings(config.confidence(), config.output().metricPrefix());
        return points.filter(settings::accepts)
                .name("Confidence histograms")
                // Key by the full series identity, then ship only the labels the baselines need.
                .map(p -> Tuple2.of(SeriesKey.of(p), settings.project(p)), SERIES_POINT)
                .name("Series key")
                .keyBy(t -> t.f0)
                .process(new CumulativeToDeltaFunction(config.ingest().seriesStateTtl()))
                .uid(UID_DELTA)
                .name("Cumulative to delta")
                .keyBy(settings::keyOf)
                .process(new ConfidenceBaselineFunction(settings))
                .uid(UID_CONFIDENCE)
                .name("Confidence baselines");
    }

    static ConfidenceSettings settings(ConfidenceConfig c, String metricPrefix) {
        return new ConfidenceSettings(c.metric(), c.groupBy(), c.evaluationInterval(), c.currentWindow(),
                c.baseline().period(), c.baseline().mode() == BaselineMode.ROLLING, c.minCountPerInterval(),
                c.lowThreshold(), c.adaptiveThresholdK(), metricPrefix + "ml:confidence:");
    }
}
