package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** {@link SegmentAdmission}: the first segments of a model keep their values, later ones share the overflow segment. */
class SegmentAdmissionTest {

    static FeatureObservation value(String model, String useCase, String channel, long t) {
        return FeatureObservation.categorical(
                FeatureObservation.keyOf(model, "v1", "country", List.of(useCase, channel)), t, "de", 1);
    }

    @Test
    void withACapOfTwoTheThirdSegmentOfAModelGoesToTheOverflowAndIsCounted() throws Exception {
        try (HarnessMetrics metrics = new HarnessMetrics();
                KeyedOneInputStreamOperatorTestHarness<String, FeatureObservation, FeatureObservation> h =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new KeyedProcessOperator<>(new SegmentAdmission(2, 2)),
                                SegmentAdmission::modelOf,
                                Types.STRING,
                                metrics.environment())) {
            h.open();
            List<FeatureObservation> in = List.of(
                    value("fraud", "a", "web", 1),
                    value("fraud", "b", "web", 2),
                    value("fraud", "c", "web", 3), // the third segment of fraud
                    value("fraud", "a", "web", 4),
                    value("fraud", "c", "web", 5),
                    value("fraud", "a", "app", 6), // a fourth: overflow too
                    value("churn", "c", "web", 7)); // another model has its own cap
            for (FeatureObservation o : in) {
                h.processElement(o, o.timeMillis);
            }
            List<List<String>> keys = h.extractOutputValues().stream()
                    .map(o -> GroupKey.values(o.key).subList(3, 5))
                    .toList();
            String o = SegmentAdmission.OVERFLOW;
            assertEquals(
                    List.of(
                            List.of("a", "web"),
                            List.of("b", "web"),
                            List.of(o, o),
                            List.of("a", "web"),
                            List.of(o, o),
                            List.of(o, o),
                            List.of("c", "web")),
                    keys);
            // model, version and feature kept; every value passes
            assertEquals(
                    List.of("fraud", "v1", "country"),
                    GroupKey.values(h.extractOutputValues().get(2).key).subList(0, 3));
            assertEquals(3, metrics.count("driftwatch.drift.segment_overflow_values"));
        }
    }
}
