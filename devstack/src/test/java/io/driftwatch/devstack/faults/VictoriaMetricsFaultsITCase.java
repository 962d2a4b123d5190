package io.driftwatch.devstack.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * VictoriaMetrics unavailable for {@link #OUTAGE} in the middle of a run (issue 12, fault 1): paused
 * with SIGSTOP (the sink's requests time out after 30 s while the server still holds them, and are sent
 * again), and killed with SIGKILL then restarted on the same data directory and port (once it has
 * written what it received: see the test). The reference
 * is the fault tests' input ({@link FaultInput}) read by a bounded job on the MiniCluster. A fault run
 * gives an unbounded job the first half of the input, waits for its first samples in VictoriaMetrics,
 * injects the fault, writes the second half (the job reads it and the sink retries against the absent
 * server), ends the fault after {@link #OUTAGE} and waits for the job to catch up. Afterwards every raw
 * sample and every event must be those of the reference: each exactly once, with its value. Each run
 * has its own VictoriaMetrics and topics.
 */
class VictoriaMetricsFaultsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static EndToEnd stack;
    static FaultInput input;
    static RunOutput reference;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    static void runTheInputUninterrupted() throws Exception {
        stack = EndToEnd.start();
        input = FaultInput.generate();
        String name = "reference";
        FaultInput.createTopics(stack.kafka(), name);
        input.writeAll(stack.kafka(), name);
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            long t0 = System.nanoTime();
            List<String> overrides = overrides(name, vm);
            overrides.add("kafka.bounded=true");
            stack.runUnbounded("faults-" + name, overrides.toArray(String[]::new))
                    .getJobExecutionResult()
                    .get(2, TimeUnit.MINUTES);
            reference = RunOutput.read(vm, stack.kafka(), name);
            System.out.printf(
                    "FAULT reference: %.1f s, %,d records in, %,d samples of %,d series, %d events%n",
                    (System.nanoTime() - t0) / 1e9,
                    input.records.size(),
                    reference.samples().samples(),
                    reference.samples().series().size(),
                    reference.events().size());
        }
        reference.assertNotEmpty();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void pausedWithSigstopFor60Seconds() throws Exception {
        Run paused = run("paused", VictoriaMetricsServer::pause, VictoriaMetricsServer::resume);
        paused.output().assertSameAs(reference, "VictoriaMetrics paused");
        // The fault was real: requests that timed out during the pause were stored and sent again.
        assertTrue(
                paused.rowsReceived() > paused.output().samples().samples(),
                paused.rowsReceived() + " rows received for "
                        + paused.output().samples().samples() + " samples");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void killedWithSigkillAndRestartedOnItsData() throws Exception {
        Run killed = run(
                "killed",
                vm -> {
                    // VictoriaMetrics 1.79 keeps what it received in the last seconds in memory: a SIGKILL
                    // loses samples it acknowledged up to ~6 s before (RELIABILITY.md), which no client can
                    // know to send again. So the kill comes once it has received nothing for 10 s; the
                    // second half of the input is then written while it is down.
                    awaitQuiet(vm, Duration.ofSeconds(10));
                    vm.kill();
                },
                VictoriaMetricsServer::restart);
        killed.output().assertSameAs(reference, "VictoriaMetrics killed and restarted");
    }

    /** A run's output, and the rows its VictoriaMetrics received by remote write since its last start. */
    record Run(RunOutput output, long rowsReceived) {}

    interface Action {
        void on(VictoriaMetricsServer vm) throws Exception;
    }

    static List<String> overrides(String name, VictoriaMetricsServer vm) throws Exception {
        Path checkpoints = Files.createDirectories(tmp.resolve(name));
        return FaultInput.overrides(name, stack.kafka(), vm.writeUrl(), checkpoints.toUri());
    }

    /** One fault run (see the class comment): {@code begin} and {@code end} start and end the fault. */
    static Run run(String name, Action begin, Action end) throws Exception {
        FaultInput.createTopics(stack.kafka(), name);
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            long t0 = System.nanoTime();
            input.write(stack.kafka(), name, Instant.MIN, input.at(0.5));
            JobClient job =
                    stack.runUnbounded("faults-" + name, overrides(name, vm).toArray(String[]::new));
            try {
                long before = awaitFirstSamples(vm, job);
                begin.on(vm);
                input.write(stack.kafka(), name, input.at(0.5), Instant.MAX);
                Thread.sleep(OUTAGE.toMillis());
                end.on(vm);
                System.out.printf("FAULT %s: from %,d samples stored on, for %s%n", name, before, OUTAGE);
                RunOutput.awaitAsMuchAs(reference, vm, stack.kafka(), name, Duration.ofMinutes(2));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            RunOutput output = RunOutput.read(vm, stack.kafka(), name);
            long received = SampleExport.rowsReceived(vm);
            System.out.printf(
                    "FAULT %s: %.1f s, VictoriaMetrics received %,d rows since its last start and holds %,d samples%n",
                    name,
                    (System.nanoTime() - t0) / 1e9,
                    received,
                    output.samples().samples());
            return new Run(output, received);
        }
    }

    /** Waits until VictoriaMetrics has received no row for {@code quiet}. */
    static void awaitQuiet(VictoriaMetricsServer vm, Duration quiet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long received = SampleExport.rowsReceived(vm);
            if (received != last) {
                last = received;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("VictoriaMetrics kept receiving rows for a minute");
    }

    /** Waits until VictoriaMetrics holds a first sample, and checks the job is still running. */
    static long awaitFirstSamples(VictoriaMetricsServer vm, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            long stored = SampleExport.of(vm).samples();
            if (stored > 0) {
                assertFalse(job.getJobStatus().get().isTerminalState(), "the job ended before the fault");
                return stored;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no sample reached VictoriaMetrics within 2 minutes");
    }
}
