package io.driftwatch.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftwatch.drift.config.DriftPolicyKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed, validating view of one mapping of the configuration tree, used by {@link ConfigBinder}.
 *
 * <p>Each read declares a key once, with its type, default and documentation: it returns the value
 * (or the default when the key is absent or null), registers the key's reference entry, writes the
 * value to the effective configuration, and reports a problem naming the full path when the value is
 * invalid, returning the default so that binding goes on and finds further problems. Keys present in
 * the mapping but never read are reported as unknown by {@link #finish()}.
 */
final class Section implements DriftPolicyKeys.Reader {

    private final Binding binding;
    private final String path;
    private final String schemaPath;
    private final ObjectNode input;
    private final ObjectNode effective = JsonNodeFactory.instance.objectNode();
    private final Set<String> known = new LinkedHashSet<>();

    private Section(Binding binding, String path, String schemaPath, ObjectNode input) {
        this.binding = binding;
        this.path = path;
        this.schemaPath = schemaPath;
        this.input = input;
    }

    /** The top-level mapping. */
    static Section root(Binding binding, ObjectNode tree) {
        return new Section(binding, "", "", tree);
    }

    /** The full dotted path of {@code key} in this mapping. */
    String path(String key) {
        return KeyPaths.child(path, key);
    }

    /** The values read so far, normalised (durations as {@code 24h}, sizes as {@code 4MiB}, ...). */
    ObjectNode effective() {
        return effective;
    }

    Binding binding() {
        return binding;
    }

    /**
     * Reads a scalar.
     *
     * @param def the default; null makes the key required
     * @return the value; the default when absent, null or invalid; null when required and missing
     */
    <T> T get(String key, ValueType<T> type, T def, String doc) {
        binding.describe(
                KeyPaths.child(schemaPath, key),
                def == null ? "(required)" : type.format().apply(def),
                doc);
        JsonNode node = read(key);
        T value = def;
        if (node == null) {
            if (def == null) {
                binding.fail(path(key), "required key is missing");
            }
        } else if (!node.isValueNode()) {
            binding.fail(path(key), "expected " + type.noun() + ", got " + kind(node));
        } else {
            try {
                value = type.parser().apply(node.asText());
            } catch (IllegalArgumentException e) {
                binding.fail(path(key), e.getMessage());
            }
        }
        if (value != null) {
            effective.set(key, type.render().apply(value));
        }
        return value;
    }

    String string(String key, String def, String doc) {
        return get(key, ValueType.STRING, def, doc);
    }

    /** A string that must not be empty or blank. */
    String nonBlank(String key, String def, String doc) {
        String value = get(key, ValueType.STRING, def, doc);
        if (value == null) {
            return "";
        }
        check(key, !value.isBlank(), "must not be empty");
        return value;
    }

    /** A secret string, empty when not set; masked in the effective configuration. */
    Secret secret(String key, String doc) {
        String value = get(key, ValueType.STRING, "", doc);
        if (!value.isEmpty()) {
            binding.secret(path(key));
        }
        return Secret.of(value);
    }

    boolean bool(String key, boolean def, String doc) {
        return get(key, ValueType.BOOLEAN, def, doc);
    }

    /** An integer {@code >= min}. */
    @Override
    public int integer(String key, int def, int min, String doc) {
        int value = get(key, ValueType.INTEGER, def, doc);
        check(key, value >= min, "must be at least " + min + " (got " + value + ")");
        return value;
    }

    /** A finite number. */
    @Override
    public double number(String key, double def, String doc) {
        return get(key, ValueType.NUMBER, def, doc);
    }

    /** A byte size {@code >= 1}. */
    long byteSize(String key, long def, String doc) {
        long value = get(key, ValueType.BYTE_SIZE, def, doc);
        check(key, value > 0, "must be greater than 0");
        return value;
    }

    /** A duration {@code >= 0}. */
    Duration duration(String key, Duration def, String doc) {
        return get(key, ValueType.DURATION, def, doc);
    }

    /** A duration {@code > 0}. */
    Duration positiveDuration(String key, Duration def, String doc) {
        Duration value = get(key, ValueType.DURATION, def, doc);
        check(key, !value.isZero(), "must be greater than 0");
        return value;
    }

    /** A string that must be one of {@code allowed} (case ignored, returned as listed). */
    @Override
    public String oneOf(String key, String def, List<String> allowed, String doc) {
        return get(key, ValueType.oneOf(allowed), def, doc);
    }

    /** An enum constant, written in lower case. */
    <E extends Enum<E>> E choice(String key, E def, String doc) {
        return get(key, ValueType.choice(def.getDeclaringClass()), def, doc);
    }

    /**
     * A list of non-empty strings, written as a YAML list or as one comma-separated string (the
     * form of {@code --set}; the empty string is the empty list).
     */
    List<String> stringList(String key, List<String> def, String doc) {
        binding.describe(KeyPaths.child(schemaPath, key), "[" + String.join(", ", def) + "]", doc);
        JsonNode node = read(key);
        List<String> items = new ArrayList<>();
        if (node == null) {
            items.addAll(def);
        } else if (node.isTextual()) {
            String text = node.asText().strip();
            for (String item : text.isEmpty() ? new String[0] : text.split(",", -1)) {
                items.add(item.strip());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isValueNode() && !item.isNull()) {
                    items.add(item.asText());
                } else {
                    binding.fail(KeyPaths.item(path(key), i), "expected a string, got " + kind(item));
                }
            }
        } else {
            binding.fail(path(key), "expected a list (or comma-separated values), got " + kind(node));
            items.addAll(def);
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isBlank()) {
                binding.fail(KeyPaths.item(path(key), i), "must not be empty");
            }
        }
        ArrayNode rendered = effective.putArray(key);
        items.forEach(rendered::add);
        return List.copyOf(items);
    }

    /**
     * A free-form mapping of strings to strings. Nested mappings are flattened with dots, so that
     * {@code security: {protocol: SSL}} and {@code security.protocol: SSL} are the same entry. Entries
     * whose key looks secret ({@link SecretKeys}) are masked in the effective configuration.
     */
    Map<String, String> stringMap(String key, String doc) {
        binding.describe(KeyPaths.child(schemaPath, key), "{}", doc);
        JsonNode node = read(key);
        Map<String, String> entries = new LinkedHashMap<>();
        if (node instanceof ObjectNode map) {
            flatten(path(key), "", map, entries);
        } else if (node != null) {
            binding.fail(path(key), "expected a mapping, got " + kind(node));
        }
        ObjectNode rendered = effective.putObject(key);
        entries.forEach((name, value) -> {
            rendered.put(name, value);
            if (SecretKeys.isSecret(name)) {
                binding.secret(KeyPaths.child(path(key), name));
            }
        });
        return entries;
    }

    private void flatten(String mapPath, String prefix, ObjectNode map, Map<String, String> entries) {
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String name = prefix + e.getKey();
            String entryPath = KeyPaths.child(mapPath, name);
            JsonNode value = e.getValue();
            if (value instanceof ObjectNode nested) {
                flatten(mapPath, name + ".", nested, entries);
            } else if (value.isNull()) {
                binding.fail(entryPath, "has no value");
            } else if (!value.isValueNode()) {
                binding.fail(entryPath, "expected a string, got " + kind(value));
            } else if (entries.putIfAbsent(name, value.asText()) != null) {
                binding.fail(entryPath, "given twice, as a dotted key and as nested keys");
            }
        }
    }

    /** A nested mapping, bound by {@code binder}; absent or null is the empty mapping (all defaults). */
    <T> T section(String key, Function<Section, T> binder) {
        JsonNode node = read(key);
        ObjectNode map = node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        if (node != null && !(node instanceof ObjectNode)) {
            binding.fail(path(key), "expected a mapping, got " + kind(node));
        }
        Section child = new Section(binding, path(key), KeyPaths.child(schemaPath, key), map);
        T value = binder.apply(child);
        child.finish();
        effective.set(key, child.effective);
        return value;
    }

    /**
     * A list of mappings, each bound by {@code binder}; absent or null is {@code def}. Items are
     * documented under {@code key[*]}.
     */
    <T> List<T> sections(String key, ArrayNode def, String doc, Function<Section, T> binder) {
        binding.describe(KeyPaths.child(schemaPath, key), flow(def), doc);
        JsonNode node = read(key);
        ArrayNode items = def.deepCopy();
        if (node instanceof ArrayNode list) {
            items = list;
        } else if (node != null) {
            binding.fail(path(key), "expected a list of mappings, got " + kind(node));
            items = JsonNodeFactory.instance.arrayNode();
        }
        List<T> values = new ArrayList<>();
        ArrayNode rendered = effective.putArray(key);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = KeyPaths.item(path(key), i);
            if (!(items.get(i) instanceof ObjectNode map)) {
                binding.fail(itemPath, "expected a mapping, got " + kind(items.get(i)));
                continue;
            }
            Section item = new Section(binding, itemPath, KeyPaths.child(schemaPath, key) + "[*]", map);
            values.add(binder.apply(item));
            item.finish();
            rendered.add(item.effective);
        }
        return values;
    }

    /** A key that no longer exists: when set, {@code message} (saying what replaced it) is reported for it. */
    void removed(String key, String message) {
        if (read(key) != null) {
            binding.fail(path(key), message);
        }
    }

    /** Reports {@code message} for {@code key} unless {@code ok}, or the key already has a problem. */
    @Override
    public boolean check(String key, boolean ok, String message) {
        if (!ok && !binding.anyFailed(path(key))) {
            binding.fail(path(key), message);
        }
        return ok;
    }

    /** Notes the keys of this mapping that were never read as unknown. */
    void finish() {
        input.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                binding.unknownKey(path, name, known);
            }
        });
    }

    /** The node of {@code key}, null when absent or YAML null; marks the key as known. */
    private JsonNode read(String key) {
        known.add(key);
        JsonNode node = input.get(key);
        return node == null || node.isNull() ? null : node;
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        } else if (node.isArray()) {
            return "a list";
        }
        return node.isNull() ? "nothing" : "\"" + node.asText() + "\"";
    }

    /** A one-line YAML flow rendering, for the key reference. */
    private static String flow(JsonNode node) {
        if (node instanceof ObjectNode map) {
            List<String> entries = new ArrayList<>();
            map.properties().forEach(e -> entries.add(e.getKey() + ": " + flow(e.getValue())));
            return "{" + String.join(", ", entries) + "}";
        } else if (node instanceof ArrayNode list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(flow(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return node instanceof TextNode t && t.asText().isEmpty() ? "\"\"" : node.asText();
    }
}
