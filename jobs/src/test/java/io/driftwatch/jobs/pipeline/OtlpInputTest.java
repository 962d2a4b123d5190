package io.driftwatch.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class OtlpInputTest {

    /** Savepoints map state by these uids: both inputs, built by one piece of code, keep the ones they had. */
    @Test
    void theMetricsAndTheSpansInputKeepTheirOperatorUidsAndNames() {
        DriftwatchConfig config = DriftwatchConfig.load(null, List.of("drift.spans.enabled=true"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DriftwatchJob.build(env, config);

        Map<String, String> names = new TreeMap<>();
        for (StreamNode n : env.getStreamGraph().getStreamNodes()) {
            if (n.getTransformationUID() != null) {
                names.put(n.getTransformationUID(), n.getOperatorName());
            }
        }
        assertEquals("Source: OTLP metrics from Kafka", names.get("otlp-metrics-source"));
        assertEquals("Normalise OTLP points", names.get("otlp-ingest"));
        assertEquals("Dead letters to Kafka: Writer", names.get("dead-letter-sink"));
        assertEquals("Source: OTLP spans from Kafka", names.get("otlp-spans-source"));
        assertEquals("Span feature values", names.get("span-features"));
        assertEquals("Span dead letters to Kafka: Writer", names.get("span-dead-letter-sink"));
    }
}
