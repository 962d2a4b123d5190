package io.driftwatch.drift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.drift.config.EnvSubstitution;
import io.driftwatch.drift.reference.ReferenceProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code drift-stats publish}: writes a reference profile to the job's reference topic, keyed {@code
 * model/version} (a compacted topic keeps the newest profile per model version), idempotently with
 * acknowledgement by all in-sync replicas.
 */
@Command(
        name = "publish",
        description = {
            "Publishes a reference profile to the drift job's reference topic (drift.reference-topic), keyed"
                    + " model/version; the job compares that model version with it from its next evaluation on.",
            "",
            "Exit codes: 0 = published; 2 = bad argument (unreadable or invalid profile or --config); 1 = Kafka"
                    + " refused or could not be reached."
        },
        customSynopsis = {
            "drift-stats publish --profile ref.dwp [--bootstrap-servers HOST:PORT] [--topic ml.drift.references]",
            "          [--config driftwatch.yaml]"
        },
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
final class PublishCommand implements Callable<Integer> {

    /** The topic when neither --topic nor drift.reference-topic of --config says one. */
    static final String DEFAULT_TOPIC = "ml.drift.references";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Option(names = "--profile", paramLabel = "ref.dwp", required = true, description = "The profile to publish.")
    private Path profile;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: kafka.bootstrap-servers of --config).")
    private String bootstrapServers;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description =
                    "The reference topic (default: drift.reference-topic of --config, else " + DEFAULT_TOPIC + ").")
    private String topic;

    @Option(
            names = "--config",
            paramLabel = "driftwatch.yaml",
            description = "The job's configuration: kafka.properties (TLS, SASL) are passed to the producer.")
    private Path config;

    @Mixin
    private CommandLines.HelpOption help;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> properties = new TreeMap<>();
        String servers = bootstrapServers;
        String target = topic;
        byte[] bytes;
        ReferenceProfile p;
        try {
            if (config != null) {
                JsonNode root = readYaml(config);
                JsonNode kafka = root.path("kafka");
                if (servers == null && kafka.path("bootstrap-servers").isValueNode()) {
                    servers = resolve("kafka.bootstrap-servers", kafka.path("bootstrap-servers"));
                }
                if (target == null && root.path("drift").path("reference-topic").isValueNode()) {
                    target = resolve("drift.reference-topic", root.path("drift").path("reference-topic"));
                }
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                kafka.path("properties").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    properties.put(e.getKey(), resolve("kafka.properties." + e.getKey(), e.getValue()));
                }
            }
            bytes = read(profile);
            try {
                p = ReferenceProfile.fromBytes(bytes);
            } catch (IllegalArgumentException e) {
                throw new CliException(profile + ": " + e.getMessage());
            }
        } catch (CliException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (servers == null || servers.isBlank()) {
            throw CommandLines.invalidValue(
                    spec, "--bootstrap-servers", "no brokers: give --bootstrap-servers, or --config with them");
        }
        target = target == null || target.isBlank() ? DEFAULT_TOPIC : target;
        try {
            RecordMetadata m = send(servers, target, properties, p.key(), bytes);
            main.out.println("published " + p.key() + " (" + bytes.length + " bytes, columns "
                    + p.columns().keySet() + ") to " + m.topic() + " partition " + m.partition() + " offset "
                    + m.offset());
            main.out.flush();
            return Main.OK;
        } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            spec.commandLine().getErr().println("drift-stats publish: " + target + " at " + servers + ": " + cause);
            spec.commandLine().getErr().flush();
            return Main.INTERNAL_ERROR;
        }
    }

    /** A scalar of --config with its ${ENV_VAR} references resolved, as the job resolves them. */
    private String resolve(String key, JsonNode value) throws CliException {
        if (!value.isValueNode()) {
            throw new CliException(config + ": " + key + " must be a scalar value");
        }
        try {
            return EnvSubstitution.system().apply(value.asText());
        } catch (IllegalArgumentException e) {
            throw new CliException(config + ": " + key + ": " + e.getMessage());
        }
    }

    static RecordMetadata send(
            String servers, String topic, Map<String, String> clientProperties, String key, byte[] value)
            throws InterruptedException, ExecutionException {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    private static byte[] read(Path file) throws CliException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("file not found: " + file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static JsonNode readYaml(Path file) throws CliException {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(read(file));
            if (root == null || !root.isObject()) {
                throw new CliException(file + ": expected a YAML mapping (the job's configuration)");
            }
            return root;
        } catch (IOException e) {
            throw new CliException(file + ": not YAML: " + e.getMessage());
        }
    }
}
