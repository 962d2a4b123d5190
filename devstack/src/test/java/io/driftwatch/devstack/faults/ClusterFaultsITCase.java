package io.driftwatch.devstack.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.FlinkStandaloneCluster;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Faults of the Flink side, on a real standalone cluster running the job jar (issue 12, faults 4 to
 * 6): a TaskManager killed mid-stream, a stop with a savepoint while VictoriaMetrics is down, and
 * rescaling 2 → 4 → 1 through savepoints. The reference is the fault tests' input ({@link FaultInput})
 * read by a bounded job at parallelism 2 on the same cluster; a fault run gives an unbounded job the
 * input in parts (each ending with a tick on every partition), so that the fault comes with input
 * still to read. Afterwards every raw sample in the run's VictoriaMetrics and every event (read
 * committed) must be those of the reference, each exactly once.
 *
 * <p>The cluster detects a lost TaskManager within seconds ({@code heartbeat.interval} 1 s, {@code
 * heartbeat.timeout} 5 s) and restarts the job with an exponential delay of at most 5 s. The logs stay
 * in {@code target/faults-cluster-it/log}; their tails are added to a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the TaskManager kill needs the cluster's only TaskManager
class ClusterFaultsITCase {

    static final Path WORK = Path.of("target", "faults-cluster-it").toAbsolutePath();
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    static EmbeddedKafka kafka;
    static FlinkStandaloneCluster flink;
    static String jarId;
    static FaultInput input;
    static RunOutput reference;

    @BeforeAll
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    static void start() throws Exception {
        LocalFiles.deleteRecursively(WORK);
        kafka = EmbeddedKafka.start();
        flink = FlinkStandaloneCluster.builder()
                .classpathFile(Path.of(System.getProperty(
                        "driftwatch.flink-classpath", "../flink-cluster/target/flink-classpath.txt")))
                .workDir(WORK)
                .taskSlots(2)
                .javaOpts("--add-modules=jdk.incubator.foreign")
                .config("heartbeat.interval", "1000")
                .config("heartbeat.timeout", "5000")
                .config("restart-strategy.type", "exponential-delay")
                .config("restart-strategy.exponential-delay.initial-backoff", "1 s")
                .config("restart-strategy.exponential-delay.max-backoff", "5 s")
                .start();
        input = FaultInput.generate();
        onFailurePrintLogs(() -> {
            jarId = flink.uploadJar(jobJar());
            String name = "reference";
            FaultInput.createTopics(kafka, name);
            input.writeAll(kafka, name);
            try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
                List<String> args = args(name, vm, "kafka.bounded=true");
                String job = flink.runJar(jarId, args);
                awaitState(job, "FINISHED", RUN_TIMEOUT);
                reference = RunOutput.read(vm, kafka, name);
            }
            return null;
        });
        reference.assertNotEmpty();
        System.out.printf(
                "FAULT cluster reference: %,d samples of %,d series, %d events%n",
                reference.samples().samples(),
                reference.samples().series().size(),
                reference.events().size());
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable k = kafka) {
            if (flink != null) {
                flink.close();
            }
        }
    }

    static Path jobJar() {
        Path jar = Path.of(System.getProperty("driftwatch.job-jar", "../jobs/target/driftwatch-jobs.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
        return jar;
    }

    /** Issue 12, fault 4: the job recovers from its last checkpoint on a new TaskManager. */
    @Test
    @Order(1)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aTaskManagerKilledWithSigkill() throws Exception {
        onFailurePrintLogs(() -> {
            String name = "tm-killed";
            FaultInput.createTopics(kafka, name);
            try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
                input.write(kafka, name, Instant.MIN, input.at(0.5));
                String job = flink.runJar(jarId, args(name, vm));
                awaitFirstSamples(job, vm);
                awaitCheckpoints(job, 1);
                // With one TaskManager, the job's tasks are all on the one killed.
                assertEquals(1, flink.registeredTaskManagers(), "TaskManagers before the kill");
                input.write(kafka, name, input.at(0.5), Instant.MAX);
                flink.killTaskManager();
                long killedAt = System.nanoTime();
                flink.startTaskManager(1);
                waitFor(job, () -> restoredCheckpoint(job) != null, "a restore from a checkpoint", RUN_TIMEOUT);
                System.out.printf(
                        "FAULT tm-killed: restored checkpoint %s %.1f s after the SIGKILL%n",
                        restoredCheckpoint(job), (System.nanoTime() - killedAt) / 1e9);
                finish(job, vm, name);
            }
            return null;
        });
    }

    /**
     * Issue 12, fault 5: a stop with a savepoint while VictoriaMetrics is down cannot complete, since
     * the sink sends everything it holds before a savepoint (or checkpoint) completes; it fails when the
     * sink gives up ({@code remote-write.max-retry-duration}, here 20 s): the REST API answers that the
     * savepoint failed ({@code Checkpoint Coordinator is suspending}), the job's exceptions hold the
     * sink's error naming the endpoint, and the job restarts from its last checkpoint. Once VictoriaMetrics is back, a stop with a savepoint succeeds and
     * a job resumed from it loses nothing.
     */
    @Test
    @Order(2)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aStopWithSavepointWhileVictoriaMetricsIsDown() throws Exception {
        onFailurePrintLogs(() -> {
            String name = "savepoint-vm-down";
            FaultInput.createTopics(kafka, name);
            try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
                input.write(kafka, name, Instant.MIN, input.at(0.5));
                String first = flink.runJar(jarId, args(name, vm, "remote-write.max-retry-duration=20s"));
                awaitFirstSamples(first, vm);
                awaitCheckpoints(first, 1);
                VictoriaMetricsFaultsITCase.awaitQuiet(vm, Duration.ofSeconds(10)); // see the kill test there
                vm.kill();
                input.write(kafka, name, input.at(0.5), input.at(0.75));
                // The sink holds samples it cannot deliver once a checkpoint stays in progress.
                long[] since = {0};
                waitFor(
                        first,
                        () -> {
                            boolean pending = flink.get("/jobs/" + first + "/checkpoints")
                                            .path("counts")
                                            .path("in_progress")
                                            .asInt()
                                    > 0;
                            since[0] = pending ? (since[0] == 0 ? System.nanoTime() : since[0]) : 0;
                            return pending && System.nanoTime() - since[0] > 3_000_000_000L;
                        },
                        "a checkpoint waiting for the sink",
                        RUN_TIMEOUT);
                long t0 = System.nanoTime();
                IOException failed = assertThrows(
                        IOException.class, () -> flink.stopWithSavepoint(first, savepoints(), RUN_TIMEOUT));
                String why = failed.getMessage().lines().findFirst().orElse("");
                System.out.printf(
                        "FAULT savepoint-vm-down: the stop with a savepoint failed after %.1f s: %s%n",
                        (System.nanoTime() - t0) / 1e9, why.substring(0, Math.min(why.length(), 300)));
                // The REST answer says the savepoint was aborted; the job's exceptions say why, naming the endpoint.
                String exceptions = flink.get("/jobs/" + first + "/exceptions").toString();
                assertTrue(exceptions.contains(vm.writeUrl().toString()), exceptions);
                vm.restart();
                waitFor(first, () -> true, "the job", RUN_TIMEOUT);
                String savepoint = stopWithSavepointWhenRunning(first);
                input.write(kafka, name, input.at(0.75), Instant.MAX);
                String second = flink.runJar(jarId, args(name, vm, "flink.savepoint-path=" + savepoint));
                finish(second, vm, name);
            }
            return null;
        });
    }

    /**
     * Issue 12, fault 6: stop with a savepoint at parallelism 2, resume at 4 on two TaskManagers, stop
     * again and resume at 1. The cardinality guard's cap ({@code ingest.max-series-per-metric}) holds
     * per parallel instance; it is set to the input's largest series count of a metric, the smallest cap
     * that refuses nothing at parallelism 1. Each instance admits only series it sees, and after a rescale
     * re-admits those of the snapshots it is given, so no instance can exceed a cap that the whole input
     * does not exceed: nothing is refused at 2, 4 or 1 (README, "Cardinality guard").
     */
    @Test
    @Order(3)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void rescaledFrom2To4To1ThroughSavepoints() throws Exception {
        onFailurePrintLogs(() -> {
            String name = "rescaled";
            FaultInput.createTopics(kafka, name);
            String cap = "ingest.max-series-per-metric=" + input.maxSeriesPerMetric();
            System.out.println("FAULT rescaled: " + cap);
            try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
                input.write(kafka, name, Instant.MIN, input.at(1 / 3.0));
                String p2 = flink.runJar(jarId, args(name, vm, cap, "flink.parallelism=2"));
                awaitFirstSamples(p2, vm);
                awaitCheckpoints(p2, 1);
                String sp2 = flink.stopWithSavepoint(p2, savepoints(), RUN_TIMEOUT);
                long afterP2 = SampleExport.of(vm).samples();

                if (flink.registeredTaskManagers() < 2) {
                    flink.startTaskManager(2);
                }
                input.write(kafka, name, input.at(1 / 3.0), input.at(2 / 3.0));
                String p4 =
                        flink.runJar(jarId, args(name, vm, cap, "flink.parallelism=4", "flink.savepoint-path=" + sp2));
                waitFor(p4, () -> SampleExport.of(vm).samples() > afterP2, "samples of the second part", RUN_TIMEOUT);
                awaitCheckpoints(p4, 1);
                String sp4 = flink.stopWithSavepoint(p4, savepoints(), RUN_TIMEOUT);
                long afterP4 = SampleExport.of(vm).samples();

                input.write(kafka, name, input.at(2 / 3.0), Instant.MAX);
                String p1 =
                        flink.runJar(jarId, args(name, vm, cap, "flink.parallelism=1", "flink.savepoint-path=" + sp4));
                System.out.printf(
                        "FAULT rescaled: %,d samples at parallelism 2, %,d after 4, then 1%n", afterP2, afterP4);
                finish(p1, vm, name);
            }
            return null;
        });
    }

    // ---- helpers

    static java.net.URI savepoints() {
        return WORK.resolve("savepoints").toUri();
    }

    /** The job's arguments: the fault tests' configuration as {@code --set}s, then {@code more}. */
    static List<String> args(String name, VictoriaMetricsServer vm, String... more) throws IOException {
        Path checkpoints = Files.createDirectories(WORK.resolve("checkpoints").resolve(name));
        List<String> overrides = FaultInput.overrides(name, kafka, vm.writeUrl(), checkpoints.toUri());
        overrides.addAll(List.of(more));
        List<String> args = new ArrayList<>();
        for (String o : overrides) {
            args.addAll(List.of("--set", o));
        }
        return args;
    }

    /** Waits until the run holds as much as the reference, cancels the job, and compares. */
    static void finish(String job, VictoriaMetricsServer vm, String name) throws Exception {
        try {
            waitFor(job, () -> true, "the job", RUN_TIMEOUT);
            RunOutput.awaitAsMuchAs(reference, vm, kafka, name, RUN_TIMEOUT);
        } finally {
            flink.cancel(job);
        }
        RunOutput output = RunOutput.read(vm, kafka, name);
        System.out.printf(
                "FAULT %s: VictoriaMetrics received %,d rows since its last start and holds %,d samples, %d events%n",
                name,
                SampleExport.rowsReceived(vm),
                output.samples().samples(),
                output.events().size());
        output.assertSameAs(reference, name);
    }

    /** Stops with a savepoint once the job runs again after a failure (a stop needs all tasks running). */
    static String stopWithSavepointWhenRunning(String job) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (true) {
            waitFor(job, () -> allTasksRunning(job), "all tasks running", RUN_TIMEOUT);
            try {
                return flink.stopWithSavepoint(job, savepoints(), RUN_TIMEOUT);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    /**
     * Every vertex running, or finished: with {@code cost.catalog-topic} off the catalog's placeholder
     * source ends at once, and Flink 2 checkpoints (and stops) jobs with finished tasks.
     */
    static boolean allTasksRunning(String job) throws IOException {
        boolean running = false;
        for (var v : flink.get("/jobs/" + job).path("vertices")) {
            String status = v.path("status").asText();
            if (!status.equals("RUNNING") && !status.equals("FINISHED")) {
                return false;
            }
            running |= status.equals("RUNNING");
        }
        return running;
    }

    static void awaitFirstSamples(String job, VictoriaMetricsServer vm) throws Exception {
        waitFor(job, () -> SampleExport.of(vm).samples() > 0, "the first samples", RUN_TIMEOUT);
    }

    static void awaitCheckpoints(String job, int n) throws Exception {
        waitFor(
                job,
                () -> flink.get("/jobs/" + job + "/checkpoints")
                                .path("counts")
                                .path("completed")
                                .asInt()
                        >= n,
                n + " completed checkpoints",
                RUN_TIMEOUT);
    }

    /** The external path of the checkpoint the job last restored, or null. */
    static String restoredCheckpoint(String job) throws IOException {
        var restored = flink.get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        return restored.isMissingNode() || restored.isNull()
                ? null
                : restored.path("external_path").asText();
    }

    static void awaitState(String job, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!flink.jobState(job).equals(state)) {
            assertFalse(
                    List.of("FAILED", "CANCELED").contains(flink.jobState(job)),
                    "job " + job + " is " + flink.jobState(job) + ", waiting for " + state);
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + job + " to be " + state);
            Thread.sleep(500);
        }
    }

    interface Condition {
        boolean met() throws Exception;
    }

    /** Waits for {@code condition}; fails at once when the job ends (its restarts are fine). */
    static void waitFor(String job, Condition condition, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            String state = flink.jobState(job);
            assertFalse(
                    List.of("FAILED", "CANCELED", "FINISHED").contains(state),
                    "job " + job + " is " + state + " while waiting for " + what);
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(500);
        }
    }

    /** Runs {@code body}; when it fails, adds the tails of the cluster's logs to the failure. */
    static <T> T onFailurePrintLogs(Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (Exception | AssertionError e) {
            System.err.println("Flink cluster logs (" + flink.logDir() + "):\n" + flink.logTails(300));
            e.addSuppressed(new Exception("Flink cluster logs (" + flink.logDir() + "):\n" + flink.logTails(40)));
            throw e;
        }
    }
}
