package io.driftwatch.jobs.confidence;

import static io.driftwatch.jobs.confidence.ConfidenceHarness.end;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.hist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** confidence.max-groups-per-model: a model's groups beyond the cap go to its overflow group, counted. */
class GroupCapTest {

    private static final ConfidenceSettings SETTINGS = ConfidenceHarness.settings(false, 1);

    private static MetricPoint point(String model, String useCase, long t) {
        return SETTINGS.project(hist(
                Labels.of("model_name", model, "model_version", "v1", "use_case", useCase, "environment", "prod"),
                t,
                4,
                0,
                0,
                0,
                0,
                5,
                0));
    }

    @Test
    void theThirdGroupOfAModelGoesToItsOverflowGroupCountedWithACapOfTwo() throws Exception {
        try (HarnessMetrics metrics = new HarnessMetrics()) {
            var h = harness(metrics, null);
            List<MetricPoint> in = List.of(
                    point("m", "a", end(0)),
                    point("m", "b", end(0)),
                    point("m", "c", end(0)),
                    point("other", "c", end(0)),
                    point("m", "a", end(1)),
                    point("m", "c", end(1)),
                    point("m", "d", end(1)));
            for (MetricPoint p : in) {
                h.processElement(p, p.timeMillis());
            }
            List<MetricPoint> out = h.extractOutputValues();
            assertEquals(in.size(), out.size(), "nothing is dropped");
            Labels overflow = Labels.of(
                    "model_name",
                    "m",
                    "model_version",
                    "v1",
                    "use_case",
                    "__overflow__",
                    "environment",
                    "__overflow__");
            for (int i : new int[] {0, 1, 3, 4}) {
                assertSame(in.get(i), out.get(i), "an admitted group's point passes unchanged: " + in.get(i));
            }
            for (int i : new int[] {2, 5, 6}) {
                assertEquals(overflow, out.get(i).labels(), "refused: " + in.get(i));
                assertEquals(in.get(i).count(), out.get(i).count());
                assertEquals(in.get(i).timeMillis(), out.get(i).timeMillis());
            }
            assertEquals(3, metrics.count("driftwatch.confidence.group_overflow_points"));
            h.close();
        }
    }

    /** The admitted groups are state: after a restore the same groups pass and a new one still overflows. */
    @Test
    void theAdmittedGroupsSurviveASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (HarnessMetrics metrics = new HarnessMetrics()) {
            var h = harness(metrics, null);
            for (MetricPoint p : List.of(point("m", "a", end(0)), point("m", "b", end(0)))) {
                h.processElement(p, p.timeMillis());
            }
            snapshot = h.snapshot(1, 1);
            h.close();
        }
        try (HarnessMetrics metrics = new HarnessMetrics()) {
            var h = harness(metrics, snapshot);
            List<MetricPoint> in = List.of(point("m", "c", end(1)), point("m", "b", end(1)), point("m", "a", end(1)));
            for (MetricPoint p : in) {
                h.processElement(p, p.timeMillis());
            }
            List<MetricPoint> out = h.extractOutputValues();
            assertEquals("__overflow__", out.get(0).labels().get("use_case"));
            assertSame(in.get(1), out.get(1));
            assertSame(in.get(2), out.get(2));
            assertEquals(1, metrics.count("driftwatch.confidence.group_overflow_points"));
            h.close();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, MetricPoint> harness(
            HarnessMetrics metrics, OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GroupCap(SETTINGS, 2)),
                GroupCap::modelOf,
                Types.STRING,
                metrics.environment());
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    @Test
    void appliesWhenTheGroupsHoldMoreThanTheModelAndItsVersion() {
        assertTrue(GroupCap.applies(ConfidenceHarness.GROUP_BY));
        assertTrue(GroupCap.applies(List.of("model_name", "channel")));
        assertFalse(GroupCap.applies(List.of("model_name", "model_version")));
        assertFalse(GroupCap.applies(List.of("use_case", "environment")));
    }
}
