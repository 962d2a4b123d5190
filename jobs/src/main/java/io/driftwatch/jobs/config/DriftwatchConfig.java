package io.driftwatch.jobs.config;

import io.driftwatch.drift.config.EnvSubstitution;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of Driftwatch: one immutable, validated value built from three layers, each
 * overriding the previous key by key: the built-in defaults, a YAML file ({@code --config}), and
 * {@code --set KEY=VALUE} overrides. {@link #describe()} lists every key with its default and meaning.
 *
 * <p>Loading reports every problem at once in a {@link ConfigException}: unknown keys (with a
 * suggestion), values of the wrong type or out of range, inconsistent combinations, unset environment
 * variables. Each problem names the full dotted key and where the value came from, down to the line
 * and column in the file.
 *
 * <p>String values may reference environment variables, {@code ${NAME}} or {@code ${NAME:-default}},
 * so that secrets stay out of the file; {@link #toYaml()} masks secrets.
 */
public final class DriftwatchConfig {

    private final String jobName;
    private final KafkaConfig kafka;
    private final IngestConfig ingest;
    private final ConfidenceConfig confidence;
    private final DriftConfig drift;
    private final CostConfig cost;
    private final OutputConfig output;
    private final RemoteWriteConfig remoteWrite;
    private final FlinkConfig flink;
    private final String effectiveYaml;

    DriftwatchConfig(ConfigBinder.Values values, String effectiveYaml) {
        this.jobName = values.jobName();
        this.kafka = values.kafka();
        this.ingest = values.ingest();
        this.confidence = values.confidence();
        this.drift = values.drift();
        this.cost = values.cost();
        this.output = values.output();
        this.remoteWrite = values.remoteWrite();
        this.flink = values.flink();
        this.effectiveYaml = effectiveYaml;
    }

    /**
     * Loads the configuration from the built-in defaults, {@code yamlOrNull} and {@code overrides}.
     * Environment references are resolved against the process environment.
     *
     * @param yamlOrNull the YAML file, or null for defaults and overrides only
     * @param overrides {@code KEY=VALUE} strings, applied in order after the file, e.g.
     *     {@code kafka.bootstrap-servers=kafka:9092}, {@code kafka.inputs[0].topic=otlp_metrics},
     *     {@code ingest.drop-labels=user_id,session_id}
     * @throws ConfigException listing every problem
     */
    public static DriftwatchConfig load(Path yamlOrNull, List<String> overrides) {
        return ConfigLoader.load(yamlOrNull, null, overrides, EnvSubstitution.system());
    }

    /**
     * Loads the configuration from a command line, see {@link CommandLineArgs}. A {@code main} that
     * offers {@code --help} parses with {@link CommandLineArgs#parse} itself and prints
     * {@link CommandLineArgs#usage} when asked; this method rejects {@code --help}.
     *
     * @throws ConfigException listing every malformed argument, or every configuration problem
     */
    public static DriftwatchConfig fromArgs(String[] args) {
        CommandLineArgs cli = CommandLineArgs.parse(args);
        if (cli.help()) {
            throw new ConfigException(List.of("--help: print CommandLineArgs.usage(...) instead of loading"));
        }
        return load(cli.configFile(), cli.overrides());
    }

    /** The built-in defaults. */
    public static DriftwatchConfig defaults() {
        return load(null, List.of());
    }

    /** The reference entry of every key, in the order of the file. */
    public static List<ConfigKey> keys() {
        return ConfigLoader.keys();
    }

    /**
     * Every key with its default and meaning, as plain text for {@code --help}: one
     * {@code "  key = default"} line followed by an indented line of documentation per key.
     */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : keys()) {
            sb.append("  ")
                    .append(k.path())
                    .append(" = ")
                    .append(k.defaultValue())
                    .append('\n')
                    .append("      ")
                    .append(k.doc())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Every key with its default and meaning, as a Markdown table for the README. */
    public static String describeMarkdown() {
        StringBuilder sb = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigKey k : keys()) {
            sb.append("| `")
                    .append(k.path())
                    .append("` | `")
                    .append(k.defaultValue().replace("|", "\\|"))
                    .append("` | ")
                    .append(k.doc().replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The effective configuration as YAML, every key included, secrets shown as {@value Secret#MASK}: for the start-up log. */
    public String toYaml() {
        return effectiveYaml;
    }

    /** {@code job-name}. */
    public String jobName() {
        return jobName;
    }

    /** {@code kafka}. */
    public KafkaConfig kafka() {
        return kafka;
    }

    /** {@code ingest}. */
    public IngestConfig ingest() {
        return ingest;
    }

    /** {@code confidence}. */
    public ConfidenceConfig confidence() {
        return confidence;
    }

    /** {@code drift}. */
    public DriftConfig drift() {
        return drift;
    }

    /** {@code cost}. */
    public CostConfig cost() {
        return cost;
    }

    /** {@code output}. */
    public OutputConfig output() {
        return output;
    }

    /** {@code remote-write}. */
    public RemoteWriteConfig remoteWrite() {
        return remoteWrite;
    }

    /** {@code flink}. */
    public FlinkConfig flink() {
        return flink;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftwatchConfig c
                && jobName.equals(c.jobName)
                && kafka.equals(c.kafka)
                && ingest.equals(c.ingest)
                && confidence.equals(c.confidence)
                && drift.equals(c.drift)
                && cost.equals(c.cost)
                && output.equals(c.output)
                && remoteWrite.equals(c.remoteWrite)
                && flink.equals(c.flink);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, kafka, ingest, confidence, drift, cost, output, remoteWrite, flink);
    }

    /** {@link #toYaml()}. */
    @Override
    public String toString() {
        return toYaml();
    }
}
