package io.driftwatch.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftwatch.devstack.loadgen.LoadGeneratorMain;
import io.driftwatch.devstack.servers.FlinkStandaloneCluster;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker-compose stack and the Kubernetes manifests are consistent with each other, with the
 * repository and with Flink 2.2. There is no Docker engine or Kubernetes API here, so this is what
 * can be checked statically: every compose service has an image and mounts only files that exist (or
 * the job jar the build writes), host names and ports agree with the collector, Driftwatch, Grafana
 * and scrape configurations, every Kafka topic used is created, every Flink key exists in Flink
 * 2.2's {@link ConfigOption}s with a value Flink parses, the FlinkDeployment has what the
 * operator's CRD and its savepoint upgrade mode require, and {@code docker-compose config} accepts
 * the compose file when a compose client is installed.
 */
class StackFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final String JOB_JAR_MOUNT = "../jobs/target/driftwatch-jobs.jar";
    private static final String LOADGEN_JAR_MOUNT = "../devstack/target/driftwatch-loadgen.jar";
    private static final String DATASKETCHES_FLAG = "--add-modules=jdk.incubator.foreign";

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;
    /** Every key of Flink 2.2's ConfigOptions (with fallback keys) -> its option. */
    private static Map<String, ConfigOption<?>> flinkOptions;
    /** What may follow {@code metrics.reporter.<name>.}, e.g. {@code factory.class} or the Prometheus reporter's {@code port}. */
    private static Set<String> reporterSuffixes;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        compose = yaml(DEPLOY.resolve("docker-compose.yml"));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        flinkOptions = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("/org/apache/flink/") && entry.endsWith(".jar") && !entry.endsWith("-tests.jar")) {
                collectOptions(Path.of(entry));
            }
        }
        // metrics.reporter.<name>.<suffix>: the reporter options of MetricOptions, and the Prometheus reporter's own.
        reporterSuffixes = new HashSet<>();
        for (Field field : MetricOptions.class.getFields()) {
            if (field.getName().startsWith("REPORTER_") && !field.getName().equals("REPORTERS_LIST")) {
                reporterSuffixes.add(((ConfigOption<?>) field.get(null)).key());
            }
        }
        Field port = PrometheusReporterFactory.class.getDeclaredField("ARG_PORT");
        port.setAccessible(true);
        reporterSuffixes.add((String) port.get(null));
    }

    @Test
    void everyServiceHasAnImageAndMountsOnlyExistingFiles() {
        Set<String> namedVolumes = map(compose.get("volumes")).keySet();
        for (var service : services.entrySet()) {
            String where = "service " + service.getKey();
            assertFalse(String.valueOf(service.getValue().get("image")).isBlank(), where + ": no image");
            for (Object volume : list(service.getValue().get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    if (source.equals(JOB_JAR_MOUNT) || source.equals(LOADGEN_JAR_MOUNT)) {
                        continue; // built by mvn package; jobJarIsWhatTheBuildWrites checks the names
                    }
                    assertTrue(Files.exists(DEPLOY.resolve(source).normalize()), where + " mounts missing " + source);
                } else {
                    assertTrue(namedVolumes.contains(source), where + ": volume " + source + " is not declared");
                }
            }
            for (String dependency : dependencies(service.getValue())) {
                assertTrue(services.containsKey(dependency), where + " depends on unknown service " + dependency);
            }
        }
        assertEquals(
                Set.of(
                        "kafka",
                        "kafka-init",
                        "flink-state-init",
                        "otel-collector",
                        "jobmanager",
                        "taskmanager",
                        "victoriametrics",
                        "vmalert",
                        "alertmanager",
                        "grafana",
                        "loadgen"),
                services.keySet());
    }

    @Test
    void theMainClassesTheStackRunsExist() throws Exception {
        List<String> jobManager = strings(services.get("jobmanager").get("command"));
        Class.forName(jobManager.get(jobManager.indexOf("--job-classname") + 1));
        List<String> loadgen = strings(services.get("loadgen").get("entrypoint"));
        Class.forName(loadgen.get(loadgen.size() - 1));
        List<String> flags = strings(services.get("loadgen").get("command"));
        assertEquals(
                List.of("--otlp-endpoint", "--scenario", "--rate"),
                flags.stream().filter(f -> f.startsWith("--")).toList());
        // The load generator's own parser accepts them, with the variables at their defaults.
        List<String> defaults = flags.stream()
                .map(f -> f.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"))
                .toList();
        assertTrue(defaults.stream().noneMatch(f -> f.contains("${")), defaults.toString());
        LoadGeneratorMain.commandLine(System.out, System.err).parseArgs(defaults.toArray(String[]::new));
    }

    /**
     * Compose's own validation (the compose-spec schema, interpolation), with Debian's
     * {@code docker-compose} or the {@code docker compose} plugin; neither needs an engine for
     * {@code config}. Skipped when neither is installed ({@code .ci/run} installs Debian's).
     */
    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, "neither docker-compose nor the docker compose plugin is installed");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
        Process process = new ProcessBuilder(command)
                .directory(DEPLOY.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " rejects the file:\n" + output);
    }

    private static List<String> composeCommand() throws InterruptedException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
                return List.of(Path.of(dir, "docker-compose").toString());
            }
        }
        try {
            Process plugin = new ProcessBuilder("docker", "compose", "version")
                    .redirectErrorStream(true)
                    .start();
            plugin.getInputStream().readAllBytes();
            return plugin.waitFor(30, TimeUnit.SECONDS) && plugin.exitValue() == 0
                    ? List.of("docker", "compose")
                    : null;
        } catch (IOException e) {
            return null; // no docker client
        }
    }

    @Test
    void jobJarIsWhatTheBuildWrites() throws IOException {
        String pom = Files.readString(ROOT.resolve("jobs/pom.xml"));
        assertTrue(pom.contains("<outputFile>${project.build.directory}/driftwatch-jobs.jar</outputFile>"));
        assertTrue(pom.contains("<mainClass>" + DriftwatchJob.class.getName() + "</mainClass>"));
        String dockerfile = Files.readString(DEPLOY.resolve("kubernetes/Dockerfile"));
        assertTrue(
                dockerfile.contains("COPY jobs/target/driftwatch-jobs.jar " + jarPath(flinkDeploymentJob())),
                dockerfile);
        assertTrue(
                dockerfile.contains("FROM " + services.get("jobmanager").get("image")), "one Flink image everywhere");
        String devstackPom = Files.readString(ROOT.resolve("devstack/pom.xml"));
        assertTrue(devstackPom.contains("<outputFile>${project.build.directory}/driftwatch-loadgen.jar</outputFile>"));
        assertTrue(strings(services.get("loadgen").get("volumes")).get(0).startsWith(LOADGEN_JAR_MOUNT + ":"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostsPortsAndTopicsAgreeWithTheCollectorDriftwatchAndGrafana() throws Exception {
        Map<String, Object> collector = yaml(DEPLOY.resolve("otel-collector/config.yaml"));
        Map<String, Object> exporters = map(collector.get("exporters"));
        Map<String, Object> kafkaExporter = map(exporters.get("kafka"));
        String kafkaEnv = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        for (Object broker : list(kafkaExporter.get("brokers"))) {
            assertTrue(
                    kafkaEnv.contains("PLAINTEXT://" + broker), "the collector's broker " + broker + " is advertised");
        }
        Map<String, String> jm = environment("jobmanager");
        assertTrue(kafkaEnv.contains("PLAINTEXT://" + jm.get("KAFKA_BOOTSTRAP_SERVERS")));
        URI vm = URI.create(
                String.valueOf(map(exporters.get("prometheusremotewrite")).get("endpoint")));
        assertServicePort(vm, "victoriametrics");
        assertEquals(
                vm,
                URI.create(jm.get("DRIFTWATCH_REMOTE_WRITE_URL")),
                "Driftwatch and the collector write to one VictoriaMetrics");
        Map<String, Object> datasource =
                (Map<String, Object>) list(yaml(DEPLOY.resolve("grafana/provisioning/datasources/victoriametrics.yaml"))
                                .get("datasources"))
                        .get(0);
        assertServicePort(URI.create(datasource.get("url").toString()), "victoriametrics");

        // The job's configuration in the JobManager: the mounted deploy/driftwatch.yaml with the JobManager's
        // environment.
        List<String> command = strings(services.get("jobmanager").get("command"));
        String configPath = command.get(command.indexOf("--config") + 1);
        assertEquals("./driftwatch.yaml:" + configPath + ":ro", mountOf("jobmanager", configPath));
        assertFalse(
                command.get(command.indexOf("--job-classname") + 2).startsWith("--config"),
                "a leading --config would be taken by the entry point for its --configDir");
        DriftwatchConfig config = DriftwatchConfig.load(
                DEPLOY.resolve("driftwatch.yaml"),
                List.of(
                        "kafka.bootstrap-servers=" + jm.get("KAFKA_BOOTSTRAP_SERVERS"),
                        "remote-write.url=" + jm.get("DRIFTWATCH_REMOTE_WRITE_URL")));
        for (String variable : variables(Files.readString(DEPLOY.resolve("driftwatch.yaml")))) {
            // The remote-write token is an optional secret (empty by default); a local stack has none.
            assertTrue(
                    variable.startsWith("DRIFTWATCH_REMOTE_WRITE_TOKEN") || jm.containsKey(variable),
                    "deploy/driftwatch.yaml uses ${" + variable + "}, which the jobmanager does not set");
        }
        Set<String> topics = new TreeSet<>(config.kafka().topics());
        topics.add(config.kafka().deadLetterTopic());
        topics.add(config.remoteWrite().deadLetterTopic());
        topics.add(config.output().eventsTopic());
        topics.add(map(kafkaExporter.get("metrics")).get("topic").toString());
        topics.add(map(kafkaExporter.get("traces")).get("topic").toString());
        String init = strings(services.get("kafka-init").get("command")).get(0);
        for (String topic : topics) {
            assertTrue(init.contains(" " + topic + ":"), "kafka-init does not create " + topic);
        }

        // vmalert reads the mounted rules; VictoriaMetrics scrapes every Flink JVM's reporter port.
        List<String> vmalert = strings(services.get("vmalert").get("command"));
        String rules = vmalert.stream()
                .filter(a -> a.startsWith("-rule="))
                .findFirst()
                .orElseThrow()
                .substring(6);
        assertEquals("./vmalert/rules.yaml:" + rules + ":ro", mountOf("vmalert", rules));
        String promPort = composeFlinkProperties().get("metrics.reporter.prom.port");
        Map<String, Object> scrape = yaml(DEPLOY.resolve("victoriametrics/scrape.yaml"));
        Map<String, Object> flinkJob =
                (Map<String, Object>) list(scrape.get("scrape_configs")).get(0);
        List<Object> targets =
                list(map(list(flinkJob.get("static_configs")).get(0)).get("targets"));
        assertEquals(List.of("jobmanager:" + promPort, "taskmanager:" + promPort), targets);
    }

    /**
     * The field report's path, services → collector → Kafka and VictoriaMetrics: the load generator
     * sends OTLP/HTTP to the collector's http receiver (its host is the collector's service, its port
     * the receiver's, published by the service), depends on the collector, and writes no Kafka itself;
     * the collector's metrics pipeline receives OTLP and ends in both the kafka and the
     * prometheusremotewrite exporter, its traces pipeline in kafka; every processor used is defined.
     */
    @Test
    void theLoadGeneratorSendsThroughTheCollectorToKafkaAndVictoriaMetrics() throws Exception {
        Map<String, Object> collector = yaml(DEPLOY.resolve("otel-collector/config.yaml"));
        String receiverEndpoint = String.valueOf(
                map(map(map(map(collector.get("receivers")).get("otlp")).get("protocols"))
                                .get("http"))
                        .get("endpoint"));
        String receiverPort = receiverEndpoint.substring(receiverEndpoint.lastIndexOf(':') + 1);

        List<String> flags = strings(services.get("loadgen").get("command"));
        URI endpoint = URI.create(flags.get(flags.indexOf("--otlp-endpoint") + 1));
        assertEquals("http", endpoint.getScheme());
        assertTrue(services.containsKey(endpoint.getHost()), endpoint + " names no compose service");
        assertEquals("otel-collector", endpoint.getHost());
        assertEquals(receiverPort, Integer.toString(endpoint.getPort()), "the collector's OTLP/HTTP receiver port");
        assertTrue(
                strings(services.get("otel-collector").get("ports")).contains(receiverPort + ":" + receiverPort),
                "the collector publishes its HTTP receiver");
        assertTrue(dependencies(services.get("loadgen")).contains("otel-collector"));
        assertFalse(flags.contains("--bootstrap-servers"), "the generator writes no Kafka records itself");
        URI parsed = LoadGeneratorMain.commandLine(System.out, System.err)
                .parseArgs(flags.stream()
                        .map(f -> f.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"))
                        .toArray(String[]::new))
                .matchedOptionValue("--otlp-endpoint", null);
        assertEquals(endpoint, parsed, "what the generator's own parser reads");

        Map<String, Object> pipelines = map(map(collector.get("service")).get("pipelines"));
        Map<String, Object> metrics = map(pipelines.get("metrics"));
        Map<String, Object> traces = map(pipelines.get("traces"));
        assertEquals(List.of("otlp"), strings(metrics.get("receivers")));
        assertEquals(List.of("otlp"), strings(traces.get("receivers")));
        assertEquals(List.of("kafka", "prometheusremotewrite"), strings(metrics.get("exporters")));
        assertEquals(List.of("kafka"), strings(traces.get("exporters")));
        Set<String> processors = map(collector.get("processors")).keySet();
        for (Map<String, Object> pipeline : List.of(metrics, traces)) {
            assertTrue(processors.containsAll(strings(pipeline.get("processors"))), pipeline.toString());
        }
        Map<String, Object> kafka = map(map(collector.get("exporters")).get("kafka"));
        assertEquals("otlp_proto", map(kafka.get("metrics")).get("encoding"), "the encoding Driftwatch reads");
    }

    @Test
    void composeFlinkSettingsAreFlink22OptionsWithValidValues() {
        Map<String, String> properties = composeFlinkProperties();
        assertFlinkOptions(properties, "docker-compose FLINK_PROPERTIES");
        // the JVM flags are in FLINK_ENV_JAVA_OPTS: UpstreamImagesTest
        assertEquals("jobmanager", properties.get("jobmanager.rpc.address"));
    }

    @Test
    void flinkDeploymentHasWhatTheOperatorAndSavepointUpgradesNeed() throws Exception {
        Map<String, Object> deployment = yaml(DEPLOY.resolve("kubernetes/flinkdeployment.yaml"));
        assertEquals("flink.apache.org/v1beta1", deployment.get("apiVersion"));
        assertEquals("FlinkDeployment", deployment.get("kind"));
        assertFalse(String.valueOf(map(deployment.get("metadata")).get("name")).isBlank());
        Map<String, Object> spec = map(deployment.get("spec"));
        assertEquals("v2_2", spec.get("flinkVersion"));
        for (String field : List.of("image", "serviceAccount")) {
            assertFalse(String.valueOf(spec.get(field)).isBlank(), "spec." + field);
        }
        for (String role : List.of("jobManager", "taskManager")) {
            Map<String, Object> resource = map(map(spec.get(role)).get("resource"));
            assertTrue(
                    resource.get("memory") instanceof String && resource.get("cpu") instanceof Number,
                    role + ".resource needs memory (string) and cpu (number): " + resource);
        }

        // CRD: flinkConfiguration is a map of strings.
        Map<String, Object> flinkConfiguration = map(spec.get("flinkConfiguration"));
        Map<String, String> properties = new LinkedHashMap<>();
        for (var e : flinkConfiguration.entrySet()) {
            assertTrue(
                    e.getValue() instanceof String,
                    "flinkConfiguration." + e.getKey() + " must be a string (quote it)");
            properties.put(e.getKey(), (String) e.getValue());
        }
        assertFlinkOptions(properties, "FlinkDeployment flinkConfiguration");
        assertJavaOptions(properties.get("env.java.opts.all"), "FlinkDeployment env.java.opts.all");
        for (String key : List.of(
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir",
                "high-availability.type",
                "high-availability.storageDir")) {
            assertTrue(properties.containsKey(key), "savepoint upgrades need " + key);
        }

        Map<String, Object> job = flinkDeploymentJob();
        assertEquals("savepoint", job.get("upgradeMode"));
        assertEquals("running", job.get("state"));
        assertTrue(job.get("jarURI").toString().startsWith("local:///"), "the jar is in the image");
        assertEquals(DriftwatchJob.class.getName(), job.get("entryClass"));

        // The ConfigMap is mounted where --config points, is a valid Driftwatch configuration, and every
        // ${VARIABLE} it uses is set in the pod.
        List<String> args = strings(job.get("args"));
        Path configPath = Path.of(args.get(args.indexOf("--config") + 1));
        Map<String, Object> podSpec = map(map(spec.get("podTemplate")).get("spec"));
        Map<String, Object> container = map(list(podSpec.get("containers")).get(0));
        assertEquals("flink-main-container", container.get("name"));
        Map<String, Object> mount = map(list(container.get("volumeMounts")).get(0));
        assertEquals(configPath.getParent().toString(), mount.get("mountPath"));
        Map<String, Object> volume = map(list(podSpec.get("volumes")).get(0));
        assertEquals(mount.get("name"), volume.get("name"));
        Map<String, Object> configMap = yaml(DEPLOY.resolve("kubernetes/driftwatch-config.yaml"));
        assertEquals(
                map(volume.get("configMap")).get("name"),
                map(configMap.get("metadata")).get("name"));
        String driftwatchYaml = map(configMap.get("data"))
                .get(configPath.getFileName().toString())
                .toString();
        Set<String> podEnv = new HashSet<>();
        for (Object env : list(container.get("env"))) {
            podEnv.add(map(env).get("name").toString());
        }
        for (String variable : variables(driftwatchYaml)) {
            assertTrue(podEnv.contains(variable), "the ConfigMap uses ${" + variable + "}, which the pod does not set");
        }
        assertConfigLoads(driftwatchYaml);
        assertEquals(9249, map(list(container.get("ports")).get(0)).get("containerPort"));
        assertEquals("9249", properties.get("metrics.reporter.prom.port"));
    }

    private static void assertConfigLoads(String driftwatchYaml) throws IOException {
        Path file = Files.createTempFile("driftwatch-configmap-", ".yaml");
        try {
            Files.writeString(file, driftwatchYaml);
            DriftwatchConfig config = DriftwatchConfig.load(file, List.of());
            assertEquals("rocksdb", config.flink().stateBackend().name().toLowerCase());
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Every key is a Flink 2.2 option (or a reporter's option under metrics.reporter.NAME.) and every value
     * parses as its option's type.
     */
    private static void assertFlinkOptions(Map<String, String> properties, String where) {
        Configuration configuration = Configuration.fromMap(properties);
        List<String> problems = new ArrayList<>();
        for (var e : properties.entrySet()) {
            Matcher reporter =
                    Pattern.compile("metrics\\.reporter\\.[^.]+\\.(.+)").matcher(e.getKey());
            if (reporter.matches()) {
                if (!reporterSuffixes.contains(reporter.group(1))) {
                    problems.add(e.getKey() + ": no such reporter option");
                }
                continue;
            }
            ConfigOption<?> option = flinkOptions.get(e.getKey());
            if (option == null) {
                problems.add(e.getKey() + ": not a Flink 2.2 option");
                continue;
            }
            try {
                configuration.get(option);
            } catch (RuntimeException ex) {
                problems.add(e.getKey() + ": " + e.getValue() + " is not a valid value: " + ex.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), where + ":\n  " + String.join("\n  ", problems));
    }

    /** The Java options keep the distribution's Java 17 flags and add DataSketches' one. */
    private static void assertJavaOptions(String javaOpts, String where) {
        List<String> opts = Arrays.asList(javaOpts.trim().split("\\s+"));
        for (String flag : FlinkStandaloneCluster.JDK17_OPTS.split(" ")) {
            assertTrue(opts.contains(flag), where + ": env.java.opts.all drops the distribution's " + flag);
        }
        assertTrue(opts.contains(DATASKETCHES_FLAG), where + ": env.java.opts.all lacks " + DATASKETCHES_FLAG);
    }

    private static void collectOptions(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith("Options.class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .forEach(StackFilesTest::collectOptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectOptions(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ReflectiveOperationException | LinkageError e) {
            return; // an optional dependency of that class is missing: not an options holder we use
        }
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    flinkOptions.put(option.key(), option);
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        flinkOptions.putIfAbsent(fallback.getKey(), option);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static Map<String, String> composeFlinkProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : environment("taskmanager").get("FLINK_PROPERTIES").split("\n")) {
            if (!line.isBlank()) {
                int colon = line.indexOf(':');
                properties.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        assertEquals(
                environment("jobmanager").get("FLINK_PROPERTIES"),
                environment("taskmanager").get("FLINK_PROPERTIES"),
                "one Flink configuration for both");
        return properties;
    }

    private static Map<String, Object> flinkDeploymentJob() {
        try {
            return map(
                    map(yaml(DEPLOY.resolve("kubernetes/flinkdeployment.yaml")).get("spec"))
                            .get("job"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jarPath(Map<String, Object> job) {
        return job.get("jarURI").toString().substring("local://".length());
    }

    private static void assertServicePort(URI uri, String service) {
        assertEquals(service, uri.getHost(), uri + " names the compose service");
        List<String> ports = strings(services.get(service).get("ports"));
        assertTrue(
                ports.stream().anyMatch(p -> p.endsWith(":" + uri.getPort())),
                service + " listens on " + uri.getPort());
    }

    private static String mountOf(String service, String target) {
        return strings(services.get(service).get("volumes")).stream()
                .filter(v -> v.split(":")[1].equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
    }

    /** The ${NAME} variables used outside comments. */
    private static Set<String> variables(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(text.replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        map(services.get(service).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static List<String> dependencies(Map<String, Object> service) {
        Object d = service.get("depends_on");
        if (d instanceof Map<?, ?> m) {
            return new ArrayList<>((Set<String>) m.keySet());
        }
        return d == null ? List.of() : strings(d);
    }

    /** SnakeYAML, not Jackson: it resolves the compose file's anchors and merge keys ({@code <<: *flink}). */
    private static Map<String, Object> yaml(Path file) throws IOException {
        Object root = new Yaml().load(Files.readString(file));
        if (!(root instanceof Map)) {
            fail(file + ": top level is not a mapping");
        }
        return map(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }
}
