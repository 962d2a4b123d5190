package io.driftwatch.drift.cli;

import io.driftwatch.drift.config.ConfigValues;
import io.driftwatch.drift.config.DriftPolicyKeys;
import io.driftwatch.drift.config.Levenshtein;
import io.driftwatch.drift.feature.DriftPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@link DriftPolicy} of {@code compare}: the {@code drift.*} keys of a job configuration file
 * ({@code --config}) and of {@code --set drift.KEY=VALUE} arguments (later ones win), read by the job's own
 * {@link DriftPolicyKeys}. Problems are worded as the job words them ({@code file:line:column: drift.key:
 * message}, {@code --set drift.key=value: message}, {@code unknown key 'drift.x' (did you mean ...)}) and all
 * reported at once. The file's other sections, and the drift keys that configure the job's inputs and
 * windows, are ignored; environment references ({@code ${VAR}}) are not substituted.
 */
final class PolicySource implements DriftPolicyKeys.Reader {

    /** A value and the prefix naming where it was set. */
    private record Entry(String text, String where, boolean override) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> failed = new LinkedHashSet<>();

    private PolicySource() {}

    /** The policy of {@code config} (null for none) and {@code sets}; every problem in one exception. */
    static DriftPolicy load(Path config, List<String> sets) throws CliException {
        PolicySource source = new PolicySource();
        if (config != null) {
            source.readFile(config);
        }
        for (String set : sets) {
            source.readSet(set);
        }
        DriftPolicy policy = DriftPolicyKeys.read(source);
        if (!source.problems.isEmpty()) {
            throw new CliException(String.join("\n", source.problems));
        }
        return policy;
    }

    private void readFile(Path file) throws CliException {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(0);
            root = new Yaml(options).compose(reader);
        } catch (NoSuchFileException e) {
            throw new CliException("file not found: " + file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new CliException(file + ": invalid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode top)) {
            throw new CliException(file + ": expected a mapping at the top level");
        }
        for (NodeTuple section : top.getValue()) {
            if (!"drift".equals(scalar(section.getKeyNode())) || isNull(section.getValueNode())) {
                continue;
            }
            if (!(section.getValueNode() instanceof MappingNode drift)) {
                problems.add(at(file, section.getKeyNode()) + "drift: expected a mapping");
                continue;
            }
            for (NodeTuple t : drift.getValue()) {
                String key = scalar(t.getKeyNode());
                String where = at(file, t.getKeyNode());
                if (DriftPolicyKeys.KEYS.contains(key)) {
                    Node value = t.getValueNode();
                    if (value instanceof ScalarNode s && !isNull(s)) {
                        entries.put(key, new Entry(s.getValue(), where, false));
                    } else if (!isNull(value)) {
                        problems.add(where + "drift." + key + ": expected a single value, got a "
                                + (value instanceof MappingNode ? "mapping" : "list"));
                        failed.add(key);
                    }
                } else if (!DriftPolicyKeys.JOB_ONLY_KEYS.contains(key)) {
                    problems.add(where + unknownKey(key));
                }
            }
        }
    }

    private void readSet(String argument) {
        int eq = argument.indexOf('=');
        String where = "--set " + argument + ": ";
        if (eq < 0) {
            problems.add(where + "expected KEY=VALUE, e.g. --set drift.ks-min-d=0.05");
            return;
        }
        String path = argument.substring(0, eq).strip();
        if (!path.startsWith("drift.")) {
            problems.add(where + "compare reads only the drift.* keys of the job's configuration");
            return;
        }
        String key = path.substring("drift.".length());
        if (DriftPolicyKeys.KEYS.contains(key)) {
            entries.put(key, new Entry(argument.substring(eq + 1), where, true));
        } else if (!DriftPolicyKeys.JOB_ONLY_KEYS.contains(key.split("\\.", 2)[0])) {
            problems.add(where + unknownKey(key));
        }
    }

    private static String unknownKey(String key) {
        String best = null;
        int bestDistance = 3; // as the job: suggestions within two edits
        for (String candidate : concat(DriftPolicyKeys.KEYS, DriftPolicyKeys.JOB_ONLY_KEYS)) {
            int d = Levenshtein.distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return "unknown key 'drift." + key + "'" + (best == null ? "" : " (did you mean 'drift." + best + "'?)");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s
                && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    private static String at(Path file, Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1) + ":"
                + (node.getStartMark().getColumn() + 1) + ": ";
    }

    private <T> T get(String key, T def, Function<String, T> parser) {
        Entry e = entries.get(key);
        if (e == null || failed.contains(key)) {
            return def;
        }
        try {
            return parser.apply(e.text());
        } catch (IllegalArgumentException ex) {
            fail(key, ex.getMessage());
            return def;
        }
    }

    private void fail(String key, String message) {
        if (failed.add(key)) {
            Entry e = entries.get(key);
            String where = e == null ? "" : e.where();
            // as the job: an override's own key is not repeated after the argument
            problems.add(where + (e != null && e.override() ? "" : "drift." + key + ": ") + message);
        }
    }

    @Override
    public double number(String key, double def, String doc) {
        return get(key, def, ConfigValues::parseNumber);
    }

    @Override
    public int integer(String key, int def, int min, String doc) {
        int value = get(key, def, ConfigValues::parseInteger);
        check(key, value >= min, "must be at least " + min + " (got " + value + ")");
        return value;
    }

    @Override
    public String oneOf(String key, String def, List<String> allowed, String doc) {
        return get(key, def, s -> ConfigValues.parseOneOf(s, allowed));
    }

    @Override
    public boolean check(String key, boolean ok, String message) {
        if (!ok) {
            fail(key, message);
        }
        return ok;
    }
}
