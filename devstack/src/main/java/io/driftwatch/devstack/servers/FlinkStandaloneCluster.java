package io.driftwatch.devstack.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.drift.cli.CommandLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A real standalone Flink session cluster on the loopback interface: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}),
 * each in its own JVM, started the way a distribution's {@code bin/jobmanager.sh} and
 * {@code bin/taskmanager.sh} start them: a {@code conf/config.yaml}, memory settings computed by
 * Flink's own {@code BashJavaUtils}, and the JVM options {@code env.java.default-opts.all} (the
 * distribution's Java 17 flags) followed by {@code env.java.opts.all}.
 *
 * <p>The JVMs run on a given Flink classpath only (e.g. {@code flink-cluster/target/flink-classpath.txt}:
 * what a distribution's {@code lib/} holds, plus the web frontend and the Prometheus reporter), so a
 * job jar submitted over the REST API ({@link #uploadJar}, {@link #runJar}) must bring everything else
 * itself. Configuration, logs ({@code log/jobmanager.log}, {@code log/taskmanager.log} and their
 * {@code .out}) and temporary files live in the work directory, which {@link #close()} keeps.
 * {@link #close()} stops both JVMs (SIGTERM, then SIGKILL after 30 s); a shutdown hook does it too.
 *
 * <p>For fault tests, {@link #killTaskManager()} kills a TaskManager with SIGKILL and {@link
 * #startTaskManager()} adds one (its logs {@code taskmanager-2.log}, ...).
 */
public final class FlinkStandaloneCluster implements AutoCloseable {

    /** The Java 17 flags of a Flink 2.2 distribution's {@code config.yaml}. */
    public static final String JDK17_OPTS = String.join(
            " ",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** Flink's Prometheus reporter, as configured in deploy/ ({@code metrics.reporter.prom.*}). */
    public static final String PROMETHEUS_REPORTER_FACTORY =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final int restPort;
    private final int jobManagerMetricsPort;
    private final int taskManagerMetricsPort;
    private Builder builder;
    private String classpath;
    private List<String> javaOpts;
    private int taskManagersStarted;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** JobManager, then the TaskManagers not killed; read by the shutdown hook too. */
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    private final List<String> roles = new CopyOnWriteArrayList<>();

    private final Thread shutdownHook = new Thread(this::stopProcesses, "flink-cluster-shutdown");
    private boolean closed;

    private FlinkStandaloneCluster(Path workDir, int restPort, int jobManagerMetricsPort, int taskManagerMetricsPort) {
        this.workDir = workDir;
        this.restPort = restPort;
        this.jobManagerMetricsPort = jobManagerMetricsPort;
        this.taskManagerMetricsPort = taskManagerMetricsPort;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The REST API (and web UI), {@code http://127.0.0.1:PORT}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** The TaskManager's Prometheus reporter endpoint ({@code /metrics}); only with {@link Builder#prometheusReporter()}. */
    public URI taskManagerMetricsUrl() {
        return metricsUrl(taskManagerMetricsPort);
    }

    /** The JobManager's Prometheus reporter endpoint ({@code /metrics}); only with {@link Builder#prometheusReporter()}. */
    public URI jobManagerMetricsUrl() {
        return metricsUrl(jobManagerMetricsPort);
    }

    private static URI metricsUrl(int port) {
        if (port == 0) {
            throw new IllegalStateException("the cluster runs without the Prometheus reporter");
        }
        return URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    public Path workDir() {
        return workDir;
    }

    public Path logDir() {
        return workDir.resolve("log");
    }

    /** Uploads a job jar ({@code POST /jars/upload}) and returns its jar id. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "driftwatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                        + "Content-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(
                HttpRequest.newBuilder(restUrl().resolve("/jars/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                "upload " + jar);
        String file = answer.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar's main class ({@code POST /jars/{id}/run}) with these program arguments, in
     * the JobManager, and returns the job id.
     *
     * @throws IOException with Flink's answer when the main method fails (e.g. an invalid configuration)
     */
    public String runJar(String jarId, List<String> programArgs) throws IOException {
        String body = JSON.writeValueAsString(Map.of("programArgsList", programArgs));
        JsonNode answer = send(
                HttpRequest.newBuilder(restUrl().resolve("/jars/" + jarId + "/run"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                "run jar " + jarId);
        return answer.path("jobid").asText();
    }

    /** A REST GET, e.g. {@code /jobs/<id>} or {@code /jobs/<id>/checkpoints}, parsed. */
    public JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(restUrl().resolve(path)).GET(), "GET " + path);
    }

    /** The job's state: {@code RUNNING}, {@code FINISHED}, {@code FAILED}, ... */
    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /**
     * Stops a job with a savepoint ({@code POST /jobs/<id>/stop}, then polls
     * {@code /jobs/<id>/savepoints/<trigger id>}) and returns the savepoint's location.
     *
     * @throws IOException with Flink's failure cause when the savepoint fails or takes longer than {@code timeout}
     */
    public String stopWithSavepoint(String jobId, URI targetDirectory, Duration timeout) throws IOException {
        String body = JSON.writeValueAsString(Map.of("targetDirectory", targetDirectory.toString(), "drain", false));
        String trigger = send(
                        HttpRequest.newBuilder(restUrl().resolve("/jobs/" + jobId + "/stop"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        "stop " + jobId)
                .path("request-id")
                .asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException("savepoint of " + jobId + " failed: " + operation.path("failure-cause"));
                }
                return operation.path("location").asText();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the savepoint of " + jobId, e);
            }
        }
        throw new IOException("the savepoint of " + jobId + " did not complete within " + timeout);
    }

    /** Cancels a job ({@code PATCH /jobs/<id>?mode=cancel}). */
    public void cancel(String jobId) throws IOException {
        send(
                HttpRequest.newBuilder(restUrl().resolve("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                "cancel " + jobId);
    }

    /** The last lines of every log of every JVM started, for a failure report. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (String role : roles) {
            names.addAll(List.of(role + ".out", role + ".log"));
        }
        for (String name : names) {
            out.append("===== ")
                    .append(logDir().resolve(name))
                    .append(" (last ")
                    .append(lines)
                    .append(" lines)\n")
                    .append(LocalFiles.tail(logDir().resolve(name), lines))
                    .append('\n');
        }
        return out.toString();
    }

    /** Whether every JVM started and not {@linkplain #killTaskManager() killed} is still running. */
    public boolean isAlive() {
        return processes.stream().allMatch(Process::isAlive);
    }

    /** TaskManagers registered with the JobManager. */
    public int registeredTaskManagers() throws IOException {
        return get("/overview").path("taskmanagers").asInt();
    }

    /**
     * Kills the longest-running TaskManager with SIGKILL and waits for its process to be gone (the
     * JobManager notices when its heartbeats stop: {@code heartbeat.*}).
     *
     * @throws IllegalStateException if no TaskManager is running
     */
    public void killTaskManager() throws IOException {
        if (processes.size() < 2) {
            throw new IllegalStateException("no TaskManager is running");
        }
        Process tm = processes.remove(1);
        tm.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!tm.waitFor(10, TimeUnit.SECONDS)) {
                throw new IOException("TaskManager (pid " + tm.pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing a TaskManager", e);
        }
    }

    /**
     * Starts another TaskManager JVM with the cluster's configuration (with the Prometheus reporter on
     * a free port of its own) and waits until the JobManager counts {@code expected} TaskManagers.
     */
    public void startTaskManager(int expected) throws IOException {
        int metricsPort = builder.prometheusReporter ? LocalProcesses.freeLoopbackPort() : 0;
        startProcess(
                builder,
                "taskmanager-" + (taskManagersStarted + 1),
                TASK_MANAGER_MAIN,
                "GET_TM_RESOURCE_PARAMS",
                classpath,
                javaOpts,
                metricsPort);
        await(
                builder.startupTimeout,
                expected + " TaskManagers to register",
                () -> registeredTaskManagers() >= expected);
    }

    private JsonNode send(HttpRequest.Builder request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response =
                    http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "Flink REST API answered " + response.statusCode() + " to " + what + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LocalProcesses.removeShutdownHook(shutdownHook);
        stopProcesses();
    }

    /** TaskManager first, then the JobManager. */
    private void stopProcesses() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            LocalProcesses.stop(processes.get(i), Duration.ofSeconds(30));
        }
    }

    private void launch(Builder b, String classpath, Map<String, String> config) throws IOException {
        Path conf = workDir.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(logDir());
        Files.writeString(conf.resolve("config.yaml"), yaml(config));
        Files.writeString(conf.resolve("log4j.properties"), LOG4J);
        List<String> javaOpts = new ArrayList<>();
        for (String key : List.of("env.java.default-opts.all", "env.java.opts.all")) {
            javaOpts.addAll(words(config.getOrDefault(key, "")));
        }
        this.builder = b;
        this.classpath = classpath;
        this.javaOpts = List.copyOf(javaOpts);

        startProcess(
                b,
                "jobmanager",
                JOB_MANAGER_MAIN,
                "GET_JM_RESOURCE_PARAMS",
                classpath,
                javaOpts,
                jobManagerMetricsPort);
        await(b.startupTimeout, "the JobManager's REST API", () -> get("/overview") != null);
        startProcess(
                b,
                "taskmanager",
                TASK_MANAGER_MAIN,
                "GET_TM_RESOURCE_PARAMS",
                classpath,
                javaOpts,
                taskManagerMetricsPort);
        await(
                b.startupTimeout,
                "the TaskManager to register",
                () -> get("/overview").path("taskmanagers").asInt() >= 1);
    }

    private void startProcess(
            Builder b,
            String role,
            String mainClass,
            String resourceCommand,
            String classpath,
            List<String> javaOpts,
            int metricsPort)
            throws IOException {
        Path conf = workDir.resolve("conf");
        List<String> dynamic = new ArrayList<>();
        if (metricsPort != 0) {
            dynamic.addAll(List.of("-D", "metrics.reporter.prom.port=" + metricsPort));
        }
        List<String> resources = resourceParams(b.java, classpath, resourceCommand, conf, dynamic);
        List<String> command = new ArrayList<>();
        command.add(b.java.toString());
        command.addAll(words(resources.get(0)));
        command.addAll(javaOpts);
        command.add("-Dlog.file=" + logDir().resolve(role + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        command.addAll(List.of("-cp", classpath, mainClass, "--configDir", conf.toString()));
        command.addAll(dynamic);
        command.addAll(words(resources.get(1)));
        Files.writeString(logDir().resolve(role + ".command"), String.join(" ", command) + "\n");
        roles.add(role);
        if (role.startsWith("taskmanager")) {
            taskManagersStarted++;
        }
        processes.add(new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logDir().resolve(role + ".out").toFile()))
                .start());
    }

    /** What the start-up scripts get from {@code BashJavaUtils}: the JVM's memory flags, then dynamic properties. */
    private List<String> resourceParams(Path java, String classpath, String command, Path conf, List<String> dynamic)
            throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of(java.toString(), "-cp", classpath, BASH_JAVA_UTILS, command, "--configDir", conf.toString()));
        cmd.addAll(dynamic);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + BASH_JAVA_UTILS, e);
        }
        List<String> results = output.lines()
                .filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()))
                .toList();
        if (results.size() != 2) {
            throw new IOException(BASH_JAVA_UTILS + " " + command + " failed:\n" + output);
        }
        return results;
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private void await(Duration timeout, String what, Check check) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IOException("a Flink JVM exited while waiting for " + what + "\n" + logTails(40));
            }
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                last = e; // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
        throw new IOException(
                "timed out after " + timeout + " waiting for " + what + " (last error: " + last + ")\n" + logTails(40));
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }

    /** Flat keys: Flink's config.yaml reads {@code a.b.c: v} like nested mappings. Values are quoted. */
    private static String yaml(Map<String, String> config) throws IOException {
        StringBuilder out = new StringBuilder("# Written by FlinkStandaloneCluster.\n");
        for (Map.Entry<String, String> e : config.entrySet()) {
            out.append(e.getKey())
                    .append(": ")
                    .append(JSON.writeValueAsString(e.getValue()))
                    .append('\n');
        }
        return out.toString();
    }

    private static final String LOG4J = String.join(
            "\n",
            "# Like a distribution's conf/log4j.properties: everything to ${sys:log.file}.",
            "monitorInterval = 0",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.append = true",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "");

    /** {@code ./driftwatch.sh cluster}: runs a cluster in the foreground until the JVM stops (Ctrl-C). */
    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** The command-line arguments of {@link #main}; {@link #call} runs the cluster. */
    @Command(
            name = "FlinkStandaloneCluster",
            description = "A standalone Flink 2.2 session cluster (a JobManager and a TaskManager JVM) in the"
                    + " foreground, until Ctrl-C. ./driftwatch.sh cluster [REST_PORT] passes"
                    + " flink-cluster/target/flink-classpath.txt and target/flink-cluster.",
            descriptionHeading = "%n",
            parameterListHeading = "%nArguments:%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "FLINK_CLASSPATH_FILE",
                description = "The Flink classpath, e.g. flink-cluster/target/flink-classpath.txt.")
        Path classpathFile;

        @Parameters(index = "1", paramLabel = "WORK_DIR", description = "Configuration, logs and temporary files.")
        Path workDir;

        @Parameters(
                index = "2",
                paramLabel = "REST_PORT",
                arity = "0..1",
                defaultValue = "8081",
                converter = Converters.Port.class,
                description = "The web UI and REST API port (default: ${DEFAULT-VALUE}; 0 = any free port).")
        int restPort;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            FlinkStandaloneCluster cluster = builder()
                    .classpathFile(classpathFile)
                    .workDir(workDir)
                    .restPort(restPort)
                    .javaOpts("--add-modules=jdk.incubator.foreign")
                    .prometheusReporter()
                    .start();
            URI rest = cluster.restUrl();
            String config = Path.of("deploy/driftwatch.yaml").toAbsolutePath().toString();
            System.out.println(String.join(
                    "\n",
                    "Flink 2.2 standalone cluster: web UI and REST API at " + rest,
                    "  logs: " + cluster.logDir(),
                    "  Prometheus reporter: " + cluster.jobManagerMetricsUrl() + " (JobManager), "
                            + cluster.taskManagerMetricsUrl() + " (TaskManager)",
                    "  submit the job jar (README, \"Running on a Flink cluster\"):",
                    "    curl -s -X POST -F jarfile=@jobs/target/driftwatch-jobs.jar " + rest + "/jars/upload",
                    "    curl -s -X POST " + rest + "/jars/<jar id>/run -H 'Content-Type: application/json' \\",
                    "      -d '{\"programArgsList\": [\"--config\", \"" + config
                            + "\", \"--set\", \"kafka.bootstrap-servers=localhost:9092\"]}'",
                    "Ctrl-C stops it."));
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            Thread.currentThread().join();
            return 0;
        }
    }

    /** Options of {@link FlinkStandaloneCluster}. */
    public static final class Builder {
        private String classpath;
        private Path workDir;
        private int restPort;
        private int taskSlots = 2;
        private String jobManagerMemory = "1024m";
        private String taskManagerMemory = "1536m";
        private String javaOpts = "";
        private boolean prometheusReporter;
        private final Map<String, String> config = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(90);
        /** Both JVMs run on this JVM's Java. */
        private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        private Builder() {}

        /** The JVMs' classpath: Flink's jars, {@code :}-separated (required). */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath").strip();
            return this;
        }

        /** Reads the classpath from a file such as {@code flink-cluster/target/flink-classpath.txt}. */
        public Builder classpathFile(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: build it first (mvn -pl flink-cluster package)");
            }
            return classpath(Files.readString(file));
        }

        /** Configuration, logs and temporary files (required); created when missing, kept after close. */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
            return this;
        }

        /** A fixed REST port; default 0 = a free port chosen at start. */
        public Builder restPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535, got " + port);
            }
            this.restPort = port;
            return this;
        }

        /** {@code taskmanager.numberOfTaskSlots}; default 2. */
        public Builder taskSlots(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("taskSlots must be >= 1, got " + slots);
            }
            this.taskSlots = slots;
            return this;
        }

        /** {@code jobmanager.memory.process.size} and {@code taskmanager.memory.process.size}; default 1024m, 1536m. */
        public Builder memory(String jobManager, String taskManager) {
            this.jobManagerMemory = Objects.requireNonNull(jobManager, "jobManager");
            this.taskManagerMemory = Objects.requireNonNull(taskManager, "taskManager");
            return this;
        }

        /** {@code env.java.opts.all}: JVM options of both processes, after the distribution's Java 17 flags. */
        public Builder javaOpts(String opts) {
            this.javaOpts = Objects.requireNonNull(opts, "opts");
            return this;
        }

        /** Enables Flink's Prometheus reporter on a free port per JVM. */
        public Builder prometheusReporter() {
            this.prometheusReporter = true;
            return this;
        }

        /** Any further Flink option, written to {@code config.yaml} (later calls win). */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts the JobManager, waits for its REST API, starts the TaskManager and waits until it has
         * registered. On failure both JVMs are stopped and the exception carries their logs' last lines.
         */
        public FlinkStandaloneCluster start() throws IOException {
            if (classpath == null || classpath.isEmpty() || workDir == null) {
                throw new IllegalStateException("classpath and workDir are required");
            }
            int rpcPort = LocalProcesses.freeLoopbackPort();
            int restPort = this.restPort == 0 ? LocalProcesses.freeLoopbackPort() : this.restPort;
            int jmMetrics = prometheusReporter ? LocalProcesses.freeLoopbackPort() : 0;
            int tmMetrics = prometheusReporter ? LocalProcesses.freeLoopbackPort() : 0;
            Map<String, String> all = new LinkedHashMap<>();
            all.put("jobmanager.rpc.address", "127.0.0.1");
            all.put("jobmanager.rpc.port", Integer.toString(rpcPort));
            all.put("jobmanager.bind-host", "127.0.0.1");
            all.put("jobmanager.memory.process.size", jobManagerMemory);
            all.put("taskmanager.host", "127.0.0.1");
            all.put("taskmanager.bind-host", "127.0.0.1");
            all.put("taskmanager.memory.process.size", taskManagerMemory);
            all.put("taskmanager.numberOfTaskSlots", Integer.toString(taskSlots));
            all.put("rest.address", "127.0.0.1");
            all.put("rest.bind-address", "127.0.0.1");
            all.put("rest.port", Integer.toString(restPort));
            all.put("io.tmp.dirs", workDir.resolve("tmp").toString());
            all.put("web.upload.dir", workDir.resolve("upload").toString());
            all.put("env.java.default-opts.all", JDK17_OPTS);
            all.put("env.java.opts.all", javaOpts);
            if (prometheusReporter) {
                all.put("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER_FACTORY);
            }
            all.putAll(config);
            Files.createDirectories(workDir.resolve("tmp"));
            Files.createDirectories(workDir.resolve("upload"));
            FlinkStandaloneCluster cluster = new FlinkStandaloneCluster(workDir, restPort, jmMetrics, tmMetrics);
            try {
                cluster.launch(this, classpath, all);
                return cluster;
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
    }
}
