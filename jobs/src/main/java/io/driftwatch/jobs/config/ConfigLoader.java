package io.driftwatch.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.drift.config.EnvSubstitution;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads a configuration from its three layers: the built-in defaults, the YAML file, then the
 * {@code --set} overrides in order. Later layers override earlier ones key by key; a list given by
 * a layer replaces the list as a whole (its items can then be changed one by one with {@code --set}).
 */
final class ConfigLoader {

    private ConfigLoader() {}

    /** Built-in defaults, computed once by binding the empty tree: the bottom layer of every load. */
    private static final class Defaults {
        static final ConfigBinder.Bound BOUND;
        static final List<ConfigKey> KEYS;

        static {
            Problems problems = new Problems();
            Binding binding = new Binding(new Origins(), problems);
            BOUND = ConfigBinder.bind(JsonNodeFactory.instance.objectNode(), binding);
            KEYS = binding.keys();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the built-in defaults are invalid: " + problems.lines());
            }
        }
    }

    /** The reference of every key, in declaration order. */
    static List<ConfigKey> keys() {
        return Defaults.KEYS;
    }

    /**
     * Loads the configuration.
     *
     * @param file the YAML file, or null for none
     * @param yaml the file's content when it is given in memory, else null to read {@code file}
     * @throws ConfigException listing every problem found
     */
    static DriftwatchConfig load(Path file, String yaml, List<String> overrides, EnvSubstitution env) {
        Problems problems = new Problems();
        Origins origins = new Origins();
        ObjectNode tree = Defaults.BOUND.effective().deepCopy();
        if (file != null) {
            String name = file.toString();
            String text = yaml != null ? notTooLong(name, yaml, problems) : readFile(file, problems);
            ObjectNode fromFile = text == null ? null : YamlTreeReader.read(name, text, env, origins, problems);
            if (fromFile != null) {
                merge(tree, fromFile);
            }
        }
        Overrides.apply(tree, overrides, env, origins, problems);
        ConfigBinder.Bound bound = ConfigBinder.bind(tree, new Binding(origins, problems));
        problems.throwIfAny();
        return new DriftwatchConfig(bound.values(), EffectiveYaml.render(bound.effective(), bound.secretPaths()));
    }

    /**
     * {@code yaml}, or null after a problem when it is longer than a file may be: SnakeYAML checks its
     * code-point limit only as it reads on, and scanning one 10 MB scalar up to it takes minutes.
     */
    private static String notTooLong(String name, String yaml, Problems problems) {
        if (yaml.length() > YamlTreeReader.MAX_CODE_POINTS) {
            problems.add(
                    Origin.file(name, 0, 0),
                    null,
                    "the document has " + yaml.length() + " characters, more than the " + YamlTreeReader.MAX_CODE_POINTS
                            + " a configuration file may have");
            return null;
        }
        return yaml;
    }

    private static String readFile(Path file, Problems problems) {
        try {
            long size = Files.size(file);
            if (size > YamlTreeReader.MAX_CODE_POINTS) {
                // Refused before reading: the parser's code-point limit only helps once the text is in memory.
                problems.add(
                        Origin.file(file.toString(), 0, 0),
                        null,
                        "the file has " + size + " bytes, more than the " + YamlTreeReader.MAX_CODE_POINTS
                                + " a configuration file may have");
                return null;
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            problems.add(Origin.file(file.toString(), 0, 0), null, "no such file");
        } catch (CharacterCodingException e) {
            problems.add(Origin.file(file.toString(), 0, 0), null, "not valid UTF-8");
        } catch (IOException e) {
            problems.add(Origin.file(file.toString(), 0, 0), null, "cannot read: " + e);
        }
        return null;
    }

    /** Deep-merges {@code top} into {@code base}: mappings key by key, anything else replaced. */
    private static void merge(ObjectNode base, ObjectNode top) {
        for (Map.Entry<String, JsonNode> e : top.properties()) {
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode b && e.getValue() instanceof ObjectNode t) {
                merge(b, t);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }
}
