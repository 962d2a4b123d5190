package io.driftwatch.devstack.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.servers.KafkaBrokerProcess;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 3 of issue 12: the Kafka broker killed with SIGKILL mid-stream and restarted on the same log
 * directory {@value #DOWN_SECONDS} s later. The broker runs in its own JVM ({@link KafkaBrokerProcess});
 * the combined scenario (8 days, spans included) is written into it once. An uninterrupted bounded job
 * reads it; then the same job again, and while it runs (after its first samples reached VictoriaMetrics,
 * before all of them) the broker is killed, which takes away the job's sources, its transactional events
 * sink and both dead-letter producers at once. Afterwards the second run must have written every
 * VictoriaMetrics sample of the first exactly once with the same value (to VictoriaMetrics' storage
 * precision, see {@link #same}), every event (read_committed) exactly once, and the malformed record's
 * dead letter.
 *
 * <p>Span features are on: numeric summaries are order-independent, so a restart that delivers values in
 * another order gives the same scores.
 */
class KafkaBrokerKillITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final long DOWN_SECONDS = 25;
    static final double STORAGE_PRECISION = 1e-11;
    static final String RW_DEAD_LETTERS = "driftwatch.remote-write.dead-letters";

    @TempDir
    static Path tmp;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void sigkillOfTheBrokerMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
                VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            ScenarioReplay replay = ScenarioReplay.write(broker, Duration.ofDays(8), Duration.ofDays(5));
            broker.createTopics(1, "events.base", "events.fault", "dead-letters.base", "dead-letters.fault");
            broker.createTopics(1, RW_DEAD_LETTERS);

            long t0 = System.nanoTime();
            JobClient base = start(broker, vm, replay, "base");
            base.getJobExecutionResult().get(5, TimeUnit.MINUTES);
            double baseSeconds = (System.nanoTime() - t0) / 1e9;
            Map<Map<String, String>, List<PromPoint>> expected = stored(vm, "base");
            long expectedSamples = count(expected);
            assertTrue(expectedSamples > 10_000, expectedSamples + " samples");

            JobClient fault = start(broker, vm, replay, "fault");
            waitForFirstSamples(vm, fault);
            long killedAt = System.nanoTime();
            broker.kill();
            assertEquals(JobStatus.RUNNING, fault.getJobStatus().get(10, TimeUnit.SECONDS), "mid-stream");
            // The job is still running; on a fast machine its remote-write output may already be complete
            // (the 11 s job writes in bursts), and the kill then still takes away its sources, the events
            // sink's open transaction and the dead-letter producers. How far it was is printed below.
            long atKill = count(stored(vm, "fault"));
            Thread.sleep(DOWN_SECONDS * 1000);
            broker.restart();
            double restartSeconds = (System.nanoTime() - killedAt) / 1e9;
            fault.getJobExecutionResult().get(8, TimeUnit.MINUTES);
            double faultSeconds = (System.nanoTime() - killedAt) / 1e9;

            Map<Map<String, String>, List<PromPoint>> actual = stored(vm, "fault");
            assertEquals(Map.of(), new TreeMap<>(diff(expected, actual)), "series whose samples differ (base / fault)");
            for (var series : actual.entrySet()) {
                long distinct = series.getValue().stream()
                        .mapToLong(PromPoint::timestampMs)
                        .distinct()
                        .count();
                assertEquals(series.getValue().size(), distinct, "a sample twice in " + series.getKey());
            }
            List<String> baseEvents = events(broker.readCommitted("events.base"));
            List<String> faultEvents = events(broker.readCommitted("events.fault"));
            assertTrue(baseEvents.size() > 0, "events");
            assertEquals(baseEvents, faultEvents, "events, read_committed, each exactly once");
            List<String> baseDead = events(broker.readCommitted("dead-letters.base"));
            assertFalse(baseDead.isEmpty(), "the malformed record, dead-lettered");
            assertEquals(baseDead, events(broker.readCommitted("dead-letters.fault")), "dead letters, each once");
            assertEquals(List.of(), broker.readCommitted(RW_DEAD_LETTERS), "no sample refused");
            System.out.printf(
                    "KAFKA-KILL %,d input records; uninterrupted run %.1f s: %d series, %,d samples, %d events;"
                            + " killed after %,d samples, broker back after %.1f s, job done %.1f s after the kill:"
                            + " all samples and events equal, none twice%n",
                    replay.records,
                    baseSeconds,
                    expected.size(),
                    expectedSamples,
                    baseEvents.size(),
                    atKill,
                    restartSeconds,
                    faultSeconds);
        }
    }

    static JobClient start(KafkaBrokerProcess broker, VictoriaMetricsServer vm, ScenarioReplay replay, String run)
            throws Exception {
        DriftwatchConfig config = DriftwatchConfig.load(
                null,
                replay.overrides(
                        broker.bootstrapServers(),
                        vm.writeUrl().toString(),
                        true,
                        "job-name=kafka-kill-" + run,
                        "kafka.group-id=kafka-kill-" + run,
                        "kafka.dead-letter-topic=dead-letters." + run,
                        "output.events-topic=events." + run,
                        "remote-write.dead-letter-topic=" + RW_DEAD_LETTERS,
                        "remote-write.extra-labels.run=" + run,
                        "flink.checkpoint-dir="
                                + tmp.resolve("checkpoints-" + run).toUri()));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftwatchJob.flinkConfiguration(config));
        DriftwatchJob.build(env, config);
        return env.executeAsync(config.jobName());
    }

    /**
     * Waits until the run has stored its first samples. The uninterrupted run takes about 11 s, so the
     * poll is a cheap one (the hourly cost, the first series written) every 100 ms: exporting every
     * sample each time took so long on a loaded machine that the job had written all before the answer.
     */
    static void waitForFirstSamples(VictoriaMetricsServer vm, JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            vm.flush();
            if (!vm.exportSeries("{run=\"fault\",__name__=\"ml:cost:hourly\"}").isEmpty()) {
                return;
            }
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            assertFalse(status.isGloballyTerminalState(), "the job before the kill: " + status);
            Thread.sleep(100);
        }
        throw new AssertionError("no sample of the faulted run within 3 minutes");
    }

    /** The run's series, without the {@code run} label, with every raw sample VictoriaMetrics holds. */
    static Map<Map<String, String>, List<PromPoint>> stored(VictoriaMetricsServer vm, String run) throws Exception {
        vm.flush();
        Map<Map<String, String>, List<PromPoint>> series = new HashMap<>();
        for (PromSeries s : vm.exportSeries("{run=\"" + run + "\"}")) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.remove("run");
            List<PromPoint> points = series.computeIfAbsent(labels, l -> new ArrayList<>());
            points.addAll(s.points());
            points.sort((a, b) -> Long.compare(a.timestampMs(), b.timestampMs()));
        }
        return series;
    }

    static long count(Map<Map<String, String>, List<PromPoint>> series) {
        return series.values().stream().mapToLong(List::size).sum();
    }

    /** Per series whose samples differ: both sample lists (a sample twice shows as a longer list). */
    static Map<String, String> diff(
            Map<Map<String, String>, List<PromPoint>> expected, Map<Map<String, String>, List<PromPoint>> actual) {
        Map<String, String> diff = new HashMap<>();
        for (var labels : union(expected, actual)) {
            List<PromPoint> e = expected.getOrDefault(labels, List.of());
            List<PromPoint> a = actual.getOrDefault(labels, List.of());
            if (!same(e, a)) {
                diff.put(
                        labels.toString(),
                        e.size() + " samples " + abbreviate(e) + " / " + a.size() + " samples " + abbreviate(a));
            }
        }
        return diff;
    }

    /**
     * The same timestamps, each once, and the same values to VictoriaMetrics' storage precision: about 12
     * significant digits with one decimal exponent per block of a series, so a value is stored within
     * {@value #STORAGE_PRECISION} of the series' largest magnitude, and blocks cut at other times round
     * the same double differently (as in {@code AllAnalysesITCase}).
     */
    static boolean same(List<PromPoint> expected, List<PromPoint> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        double scale = expected.stream()
                .mapToDouble(p -> Math.abs(p.value()))
                .filter(Double::isFinite)
                .max()
                .orElse(0);
        for (int i = 0; i < expected.size(); i++) {
            PromPoint e = expected.get(i);
            PromPoint a = actual.get(i);
            boolean sameValue = Double.compare(e.value(), a.value()) == 0
                    || Math.abs(e.value() - a.value()) <= STORAGE_PRECISION * scale;
            if (e.timestampMs() != a.timestampMs() || !sameValue) {
                return false;
            }
        }
        return true;
    }

    private static List<Map<String, String>> union(
            Map<Map<String, String>, List<PromPoint>> a, Map<Map<String, String>, List<PromPoint>> b) {
        List<Map<String, String>> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    private static String abbreviate(List<PromPoint> points) {
        String s = points.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Each record as key, headers and value, sorted: equal lists mean the same records, each as often. */
    static List<String> events(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StringBuilder text = new StringBuilder(new String(r.key(), StandardCharsets.UTF_8)).append(' ');
            for (Header h : r.headers()) {
                text.append(h.key())
                        .append('=')
                        .append(new String(h.value(), StandardCharsets.UTF_8))
                        .append(' ');
            }
            events.add(
                    text.append(new String(r.value(), StandardCharsets.UTF_8)).toString());
        }
        events.sort(null);
        return events;
    }
}
