package io.driftwatch.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftwatch.drift.config.EnvSubstitution;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@code --set KEY=VALUE} overrides to the configuration tree.
 *
 * <p>{@code KEY} is a dotted path whose list items are addressed by index: {@code kafka.inputs[0].topic}.
 * An index equal to the list's size appends an item. Missing mappings and lists on the way are created.
 * {@code VALUE} is everything after the first {@code =}, environment references substituted, and is
 * stored as text: the binder reads it by the key's type, and splits it at commas for a list of strings.
 *
 * <p>Free-form maps may have keys containing dots ({@code kafka.properties} holds Kafka property names
 * such as {@code security.protocol}): when a mapping already has a key equal to several path segments
 * joined by dots, the longest such key is the one overridden; otherwise each segment is a level.
 */
final class Overrides {

    private sealed interface Segment permits Name, Index {}

    private record Name(String name) implements Segment {}

    private record Index(int index) implements Segment {}

    private Overrides() {}

    /** Applies {@code overrides} in order; problems with an override go to {@code problems} and it is skipped. */
    static void apply(
            ObjectNode root, List<String> overrides, EnvSubstitution env, Origins origins, Problems problems) {
        for (int i = 0; i < overrides.size(); i++) {
            applyOne(root, i, overrides.get(i), env, origins, problems);
        }
    }

    private static void applyOne(
            ObjectNode root, int order, String argument, EnvSubstitution env, Origins origins, Problems problems) {
        int eq = argument.indexOf('=');
        String key = eq < 0 ? argument : argument.substring(0, eq).strip();
        String raw = eq < 0 ? "" : argument.substring(eq + 1);
        Origin origin = Origin.override(order, display(key, raw, eq >= 0), key);
        if (eq < 0) {
            problems.add(origin, null, "expected KEY=VALUE, e.g. --set kafka.bootstrap-servers=kafka:9092");
            return;
        }
        List<Segment> segments;
        String value;
        try {
            segments = parseKey(key);
            value = env.apply(raw);
        } catch (IllegalArgumentException e) {
            problems.add(origin, null, e.getMessage());
            return;
        }
        JsonNode container = root;
        String path = "";
        for (int k = 0; k < segments.size(); k++) {
            String childPath;
            boolean last;
            if (segments.get(k) instanceof Name) {
                ObjectNode map = (ObjectNode) container;
                int end = longestExistingKey(map, segments, k);
                String field = joinNames(segments, k, end);
                k = end;
                last = k == segments.size() - 1;
                childPath = KeyPaths.child(path, field);
                JsonNode next = last ? TextNode.valueOf(value) : map.get(field);
                if (!last && !fits(next, segments.get(k + 1))) {
                    next = newContainer(segments.get(k + 1));
                    origins.put(childPath, origin);
                }
                map.set(field, next);
                container = next;
            } else {
                ArrayNode list = (ArrayNode) container;
                int index = ((Index) segments.get(k)).index();
                if (index > list.size()) {
                    problems.add(
                            origin,
                            null,
                            "index " + index + " is out of range: " + path + " has " + list.size() + " item(s); use ["
                                    + list.size() + "] to append one");
                    return;
                }
                last = k == segments.size() - 1;
                childPath = KeyPaths.item(path, index);
                JsonNode next = last ? TextNode.valueOf(value) : index < list.size() ? list.get(index) : null;
                if (!last && !fits(next, segments.get(k + 1))) {
                    next = newContainer(segments.get(k + 1));
                    origins.put(childPath, origin);
                }
                if (index == list.size()) {
                    list.add(next);
                } else {
                    list.set(index, next);
                }
                container = next;
            }
            path = childPath;
        }
        origins.put(path, origin);
    }

    /** Parses {@code a.b[0].c}; throws IllegalArgumentException describing the syntax error. */
    private static List<Segment> parseKey(String key) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (true) {
            int start = i;
            while (i < key.length() && ".[]".indexOf(key.charAt(i)) < 0) {
                i++;
            }
            if (i == start) {
                throw malformed(key);
            }
            segments.add(new Name(key.substring(start, i)));
            while (i < key.length() && key.charAt(i) == '[') {
                int close = key.indexOf(']', i);
                String digits = close < 0 ? "" : key.substring(i + 1, close);
                if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
                    throw malformed(key);
                }
                segments.add(new Index(Integer.parseInt(digits)));
                i = close + 1;
            }
            if (i == key.length()) {
                return segments;
            }
            if (key.charAt(i) != '.') {
                throw malformed(key);
            }
            i++;
        }
    }

    private static IllegalArgumentException malformed(String key) {
        return new IllegalArgumentException("'" + key + "' is not a key path (write it as e.g. "
                + "confidence.current-window or kafka.inputs[0].topic)");
    }

    /** The last index {@code >= k} such that names k..end joined by dots are an existing key; else k. */
    private static int longestExistingKey(ObjectNode map, List<Segment> segments, int k) {
        int end = k;
        for (int j = k + 1; j < segments.size() && segments.get(j) instanceof Name; j++) {
            if (map.has(joinNames(segments, k, j))) {
                end = j;
            }
        }
        return end;
    }

    private static String joinNames(List<Segment> segments, int from, int to) {
        StringBuilder sb = new StringBuilder(((Name) segments.get(from)).name());
        for (int j = from + 1; j <= to; j++) {
            sb.append('.').append(((Name) segments.get(j)).name());
        }
        return sb.toString();
    }

    private static boolean fits(JsonNode node, Segment next) {
        return next instanceof Name ? node instanceof ObjectNode : node instanceof ArrayNode;
    }

    private static JsonNode newContainer(Segment next) {
        return next instanceof Name ? JsonNodeFactory.instance.objectNode() : JsonNodeFactory.instance.arrayNode();
    }

    /** The argument as shown in messages: the value of a secret key is masked. */
    private static String display(String key, String value, boolean hasValue) {
        if (!hasValue) {
            return key;
        }
        return key + "=" + (SecretKeys.isSecret(key) && !value.isEmpty() ? Secret.MASK : value);
    }
}
