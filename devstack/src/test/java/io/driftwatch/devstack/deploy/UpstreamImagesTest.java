package io.driftwatch.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.servers.FlinkStandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deploy files work with the upstream images, charts and operator as their sources read (each
 * source is named in the file it concerns and below). One test per defect found against those sources,
 * so none can come back: Flink's JVM flags survive the image's entry point, the state volume is
 * writable by the image's user, Kafka keeps its data on the volume and host clients can connect, the
 * collector sets the environment on the resource, the vmalert chart finds the rules and gets its URLs
 * under the current keys, and the operator creates the job's service account where the job runs.
 */
class UpstreamImagesTest {

    private static final Path DEPLOY = Path.of("").toAbsolutePath().resolveSibling("deploy");
    /** apache/flink-docker 2.2 Dockerfile: {@code useradd --system --uid=9999 ... flink}, {@code USER flink}. */
    private static final String FLINK_UID = "9999";

    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() throws IOException {
        compose = yaml("docker-compose.yml");
        services = map(compose.get("services"));
    }

    /**
     * The value each FLINK_PROPERTIES line gets from the image's {@code docker-entrypoint.sh}
     * (apache/flink-docker, 2.2/scala_2.12-java17-ubuntu, {@code process_flink_properties}), run in bash with
     * the entry point's own three lines, must be the value written: a value with a space (as a multi-flag
     * {@code env.java.opts.all} was) loses its spaces there.
     */
    @Test
    void flinkPropertiesSurviveTheImagesEntryPoint() throws Exception {
        for (String service : List.of("jobmanager", "taskmanager")) {
            String properties = env(service).get("FLINK_PROPERTIES");
            Map<String, String> written = new LinkedHashMap<>();
            for (String line : properties.split("\n")) {
                if (!line.isBlank()) {
                    int colon = line.indexOf(':');
                    written.put(
                            line.substring(0, colon).trim(),
                            line.substring(colon + 1).trim());
                }
            }
            String script = String.join(
                    "\n",
                    "IFS=$'\\n'",
                    "for prop in $FLINK_PROPERTIES; do",
                    "  prop=$(echo $prop | tr -d '[:space:]')",
                    "  if [ -z \"$prop\" ]; then continue; fi",
                    "  IFS=':' read -r key value <<< \"$prop\"",
                    "  printf '%s\\t%s\\n' \"$key\" \"$value\"",
                    "done");
            Map<String, String> seen = new LinkedHashMap<>();
            for (String line :
                    bash(script, Map.of("FLINK_PROPERTIES", properties)).split("\n")) {
                if (!line.isEmpty()) {
                    String[] kv = line.split("\t", 2);
                    seen.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            assertEquals(written, seen, service + ": what the entry point makes of FLINK_PROPERTIES");
            assertFalse(
                    written.keySet().stream().anyMatch(k -> k.startsWith("env.java.")),
                    service + ": JVM flags belong in FLINK_ENV_JAVA_OPTS");
        }
    }

    /**
     * FLINK_ENV_JAVA_OPTS, which Flink's {@code bin/config.sh} (apache/flink,
     * flink-dist/src/main/flink-bin/bin/config.sh) takes instead of both env.java.default-opts.all and
     * env.java.opts.all, holds the distribution's Java 17 flags and DataSketches' one for every Flink JVM,
     * and this machine's Java 17 starts with them, word-split as config.sh passes them.
     */
    @Test
    void flinkJvmFlagsAreInTheEnvironmentAndAJava17Accepts() throws Exception {
        String opts = env("jobmanager").get("FLINK_ENV_JAVA_OPTS");
        assertEquals(opts, env("taskmanager").get("FLINK_ENV_JAVA_OPTS"), "one set of JVM flags");
        List<String> flags = Arrays.asList(opts.trim().split("\\s+"));
        for (String flag : FlinkStandaloneCluster.JDK17_OPTS.split(" ")) {
            assertTrue(flags.contains(flag), "FLINK_ENV_JAVA_OPTS drops the distribution's " + flag);
        }
        assertTrue(flags.contains("--add-modules=jdk.incubator.foreign"), "DataSketches' flag");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out =
                bash("\"$JAVA\" $FLINK_ENV_JAVA_OPTS -version 2>&1", Map.of("FLINK_ENV_JAVA_OPTS", opts, "JAVA", java));
        assertTrue(out.contains("version \"17"), "Java 17 starts with the flags:\n" + out);
    }

    /** The named volume starts root-owned; a one-shot root service gives it to the image's user first. */
    @Test
    void flinkStateVolumeBelongsToTheFlinkUserBeforeFlinkStarts() {
        String target = mountTarget("jobmanager", "flink-state");
        String init = null;
        for (var service : services.entrySet()) {
            Map<String, Object> s = map(service.getValue());
            if (mounts(s).stream().anyMatch(v -> v.startsWith("flink-state:"))
                    && List.of("0", "0:0", "root").contains(String.valueOf(s.get("user")))) {
                init = service.getKey();
                assertEquals(
                        List.of("chown", "-R", FLINK_UID + ":" + FLINK_UID, target),
                        strings(s.get("entrypoint")),
                        init + " hands " + target + " to uid " + FLINK_UID);
            }
        }
        assertTrue(init != null, "no root service chowns the flink-state volume");
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertEquals(target, mountTarget(flink, "flink-state"));
            Map<String, Object> dependsOn = map(map(services.get(flink)).get("depends_on"));
            assertEquals(
                    "service_completed_successfully",
                    map(dependsOn.get(init)).get("condition"),
                    flink + " waits for " + init);
        }
        assertTrue(env("jobmanager").get("FLINK_PROPERTIES").contains("file://" + target + "/checkpoints"));
    }

    /**
     * apache/kafka's image logs to /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS is set
     * (docker/resources/common-scripts/configureDefaults); every advertised listener is a listener with a
     * protocol; the published port reaches the listener advertised as localhost with that port.
     */
    @Test
    void kafkaKeepsItsDataOnTheVolumeAndHostClientsCanConnect() {
        Map<String, String> kafka = env("kafka");
        assertEquals(mountTarget("kafka", "kafka-data"), kafka.get("KAFKA_LOG_DIRS"));
        Map<String, String> listeners = listeners(kafka.get("KAFKA_LISTENERS"));
        Map<String, String> advertised = listeners(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> protocols = new HashMap<>();
        for (String entry : kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            protocols.put(entry.split(":")[0], entry.split(":")[1]);
        }
        for (String name : advertised.keySet()) {
            assertTrue(listeners.containsKey(name), "advertised " + name + " is not a listener");
            assertTrue(protocols.containsKey(name), name + " has no security protocol");
        }
        assertTrue(listeners.containsKey(kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME")));
        List<String> ports = strings(map(services.get("kafka")).get("ports"));
        assertEquals(1, ports.size(), ports.toString());
        String hostPort = ports.get(0).split(":")[0];
        String containerPort = ports.get(0).split(":")[1];
        String hostListener = advertised.entrySet().stream()
                .filter(e -> e.getValue().equals("localhost:" + hostPort))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener advertised as localhost:" + hostPort));
        assertTrue(
                listeners.get(hostListener).endsWith(":" + containerPort),
                "published " + ports.get(0) + " reaches " + hostListener + " " + listeners.get(hostListener));
        assertEquals("kafka:9092", advertised.get("PLAINTEXT"), "services use kafka:9092");
    }

    /**
     * The environment goes on the resource (opentelemetry-collector-contrib processor/resourceprocessor,
     * actions under {@code attributes}), as deployment.environment.name, never overruling the application's.
     */
    @Test
    void collectorSetsTheEnvironmentOnTheResourceWithoutOverrulingTheApplication() throws IOException {
        Map<String, Object> collector = yaml("otel-collector/config.yaml");
        Map<String, Object> processors = map(collector.get("processors"));
        for (var pipeline : map(map(collector.get("service")).get("pipelines")).entrySet()) {
            List<String> used = strings(map(pipeline.getValue()).get("processors"));
            assertTrue(used.contains("resource/env"), pipeline.getKey() + " uses resource/env");
            for (String name : used) {
                assertFalse(
                        name.startsWith("attributes")
                                && processors.get(name).toString().contains("deployment.environment"),
                        pipeline.getKey() + ": " + name + " puts the environment on data points");
            }
        }
        List<Object> actions = list(map(processors.get("resource/env")).get("attributes"));
        List<String> environment = actions.stream()
                .map(UpstreamImagesTest::map)
                .filter(a -> String.valueOf(a.get("key")).startsWith("deployment.environment"))
                .map(a -> a.get("key") + " " + a.get("action") + " " + a.getOrDefault("from_attribute", a.get("value")))
                .toList();
        assertEquals(
                List.of(
                        "deployment.environment.name insert deployment.environment",
                        "deployment.environment.name insert production"),
                environment);
    }

    /**
     * victoria-metrics-alert (VictoriaMetrics/helm-charts): rules are read from {@code -rule} under the
     * ConfigMap's mount {@code /config}; the ConfigMap's key made by the file's instructions must be that
     * file. URLs under the chart's current keys.
     */
    @Test
    void vmalertChartFindsTheRulesAndItsUrls() throws IOException {
        String text = Files.readString(DEPLOY.resolve("kubernetes/vmalert-values.yaml"));
        Map<String, Object> server = map(yaml("kubernetes/vmalert-values.yaml").get("server"));
        List<String> rules = strings(map(server.get("extraArgs")).get("rule"));
        assertEquals(1, rules.size());
        Path rule = Path.of(rules.get(0));
        assertEquals(Path.of("/config"), rule.getParent(), "the chart mounts server.configMap at /config");
        Matcher key = Pattern.compile(
                        "create configmap " + server.get("configMap") + " --from-file=([^=]+)=../vmalert/rules.yaml")
                .matcher(text);
        assertTrue(key.find(), "the instructions create ConfigMap " + server.get("configMap") + " from the rules");
        assertEquals(rule.getFileName().toString(), key.group(1), "the ConfigMap key vmalert's -rule reads");
        for (String k : List.of("datasource", "remoteWrite", "remoteRead", "notifier")) {
            assertTrue(String.valueOf(map(server.get(k)).get("url")).startsWith("http://"), "server." + k + ".url");
        }
        assertFalse(server.containsKey("remote"), "legacy server.remote.*");
        assertFalse(map(server.get("notifier")).containsKey("alertmanager"), "legacy server.notifier.alertmanager");
    }

    /**
     * apache/flink-kubernetes-operator's chart creates the job service account only in watched namespaces
     * (or its own): the FlinkDeployment's namespace is watched and its account is the chart's.
     */
    @Test
    void operatorCreatesTheJobServiceAccountWhereTheJobRuns() throws IOException {
        Map<String, Object> values = yaml("kubernetes/flink-operator-values.yaml");
        Map<String, Object> deployment = yaml("kubernetes/flinkdeployment.yaml");
        String namespace = String.valueOf(map(deployment.get("metadata")).get("namespace"));
        assertTrue(strings(values.get("watchNamespaces")).contains(namespace), "the operator watches " + namespace);
        Map<String, Object> account = map(values.get("jobServiceAccount"));
        assertEquals(true, account.get("create"));
        assertEquals(map(deployment.get("spec")).get("serviceAccount"), account.get("name"));
        assertEquals(
                namespace,
                map(yaml("kubernetes/driftwatch-config.yaml").get("metadata")).get("namespace"));
    }

    private static Map<String, String> listeners(String spec) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            byName.put(l.substring(0, l.indexOf("://")), l.substring(l.indexOf("://") + 3));
        }
        return byName;
    }

    private static String mountTarget(String service, String volume) {
        return mounts(map(services.get(service))).stream()
                .filter(v -> v.startsWith(volume + ":"))
                .map(v -> v.split(":")[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " does not mount " + volume));
    }

    private static List<String> mounts(Map<String, Object> service) {
        return strings(service.get("volumes"));
    }

    private static String bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new HashMap<>();
        map(map(services.get(service)).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return map(new Yaml().load(Files.readString(DEPLOY.resolve(file))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : new ArrayList<>((List<Object>) o);
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }
}
