package io.driftwatch.jobs.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * A mock task environment for an operator test harness whose metric group registers every metric in
 * a map, so that tests can read the counters an operator creates in nested groups (the harness'
 * default metric groups register nothing). One instance per harness; close it after the harness.
 */
public final class HarnessMetrics implements AutoCloseable {

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private final MockEnvironment environment;

    public HarnessMetrics() {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) ->
                        metrics.put(String.join(".", group.getScopeComponents()) + "." + name, metric))
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(
                        registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "test-job")
                .addTask(ExecutionAttemptID.randomId(), "test-task");
        environment = new MockEnvironmentBuilder().setMetricGroup(task).build();
    }

    /** The environment to pass to the harness' constructor. */
    public MockEnvironment environment() {
        return environment;
    }

    /**
     * The count of the one counter whose scope and name end with {@code path} (e.g. {@code
     * driftwatch.confidence.late_points}).
     *
     * @throws AssertionError if no counter or several match
     */
    public long count(String path) {
        List<Map.Entry<String, Metric>> matches = metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + path))
                .collect(Collectors.toList());
        if (matches.size() != 1 || !(matches.get(0).getValue() instanceof Counter)) {
            throw new AssertionError(
                    "expected one counter ending with " + path + ", found " + matches + " among " + metrics.keySet());
        }
        return ((Counter) matches.get(0).getValue()).getCount();
    }

    @Override
    public void close() throws Exception {
        environment.close();
    }
}
