package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.otlp.CardinalityGuardSettings;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpDeserializationSchema;
import io.driftwatch.connectors.otlp.OtlpIngestFunction;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.util.Collection;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The shared front of every Driftwatch job: OTLP metrics from the configured Kafka topics, decoded,
 * validated and normalised into {@link MetricPoint}s; bad records to the dead-letter topic. An {@link
 * OtlpInput} whose handler is the {@link OtlpIngestFunction}:
 *
 * <pre>
 * KafkaSource (decodes each record; event time and watermarks per partition)
 *   ─▶ cardinality guard, rejection counting ─▶ dead letters ─▶ KafkaSink (dead-letter topic)
 *   ─▶ points
 * </pre>
 */
public final class MetricsInput {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    public static final String UID_SOURCE = "otlp-metrics-source";

    public static final String UID_INGEST = "otlp-ingest";
    public static final String UID_DEAD_LETTERS = "dead-letter-sink";

    private MetricsInput() {}

    /**
     * Adds the source, normalisation and dead-letter sink to {@code env}.
     *
     * @param consumedMetrics the OTLP metric names some analysis uses: every point is validated, only
     *     these are normalised into points
     * @return the normalised points of the consumed metrics, in event time
     */
    public static DataStream<MetricPoint> attach(
            StreamExecutionEnvironment env, DriftwatchConfig config, Collection<String> consumedMetrics) {
        OtlpIngestFunction ingest = OtlpIngestFunction.builder()
                .cardinalityGuard(CardinalityGuardSettings.builder()
                        .dropLabels(config.ingest().dropLabels())
                        .maxSeriesPerMetric(config.ingest().maxSeriesPerMetric())
                        .build())
                .build();
        return OtlpInput.attach(
                env,
                config,
                config.kafka().inputs(),
                OtlpInput.decoderOptions(config)
                        .consumedMetrics(List.copyOf(consumedMetrics))
                        .build(),
                OtlpDeserializationSchema::metrics,
                ingest,
                OtlpIngestFunction.DEAD_LETTERS,
                new OtlpInput.Operators(
                        UID_SOURCE,
                        "OTLP metrics from Kafka",
                        UID_INGEST,
                        "Normalise OTLP points",
                        UID_DEAD_LETTERS,
                        "Dead letters to Kafka"));
    }
}
