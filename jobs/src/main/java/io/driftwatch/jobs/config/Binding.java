package io.driftwatch.jobs.config;

import io.driftwatch.drift.config.Levenshtein;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared state of one binding of a configuration tree: problems (located through {@link Origins}),
 * the keys that failed (so dependent checks stay quiet), the reference of every key read, the paths of
 * secret values, and unknown keys (reported last, when every known key has been seen and can be
 * suggested).
 */
final class Binding {

    /** Unknown keys at most this edit distance from a known key get a "did you mean" suggestion. */
    static final int MAX_SUGGESTION_DISTANCE = 2;

    private record UnknownKey(String parentPath, String name, Collection<String> siblings) {}

    private final Origins origins;
    private final Problems problems;
    private final Set<String> failed = new HashSet<>();
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Set<String> secretPaths = new LinkedHashSet<>();
    private final List<UnknownKey> unknownKeys = new ArrayList<>();

    Binding(Origins origins, Problems problems) {
        this.origins = origins;
        this.problems = problems;
    }

    /** Reports a problem with the value at {@code path}, once per path, and marks it failed. */
    void fail(String path, String message) {
        if (failed.add(path)) {
            problems.add(origins.locate(path), path, message);
        }
    }

    /** Reports several problems with the value at {@code path} (e.g. those of the file it names), and marks it failed. */
    void failEach(String path, List<String> messages) {
        if (failed.add(path)) {
            messages.forEach(m -> problems.add(origins.locate(path), path, m));
        }
    }

    /** Whether any of {@code paths} already has a problem (checks depending on them are skipped). */
    boolean anyFailed(String... paths) {
        for (String p : paths) {
            if (failed.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Of two keys that conflict, the one to blame: the one set by the more specific layer
     * ({@code --set} over the file over the defaults), {@code a} on a tie.
     */
    String blame(String a, String b) {
        return origins.exact(b).kind().compareTo(origins.exact(a).kind()) > 0 ? b : a;
    }

    /** Whether {@code path} has its built-in default, i.e. neither the file nor an override set it. */
    boolean isDefault(String path) {
        return origins.exact(path).kind() == Origin.Kind.BUILT_IN;
    }

    /** Registers the reference entry of a key; the first registration of a schema path wins. */
    void describe(String schemaPath, String defaultValue, String doc) {
        keys.putIfAbsent(schemaPath, new ConfigKey(schemaPath, defaultValue, doc));
    }

    List<ConfigKey> keys() {
        return List.copyOf(keys.values());
    }

    /** Marks the value at {@code path} as secret: {@link DriftwatchConfig#toYaml()} masks it. */
    void secret(String path) {
        secretPaths.add(path);
    }

    Set<String> secretPaths() {
        return Set.copyOf(secretPaths);
    }

    /** Notes the unknown key {@code name} of the mapping at {@code parentPath}, whose known keys are {@code siblings}. */
    void unknownKey(String parentPath, String name, Collection<String> siblings) {
        unknownKeys.add(new UnknownKey(parentPath, name, List.copyOf(siblings)));
    }

    /**
     * Reports the unknown keys, each with the closest known key as a suggestion: a sibling within
     * {@link #MAX_SUGGESTION_DISTANCE} edits, else a key of that name (within as many edits) elsewhere.
     */
    void reportUnknownKeys() {
        for (UnknownKey u : unknownKeys) {
            String path = KeyPaths.child(u.parentPath(), u.name());
            String sibling = closest(u.name(), u.siblings());
            String suggestion = sibling != null ? KeyPaths.child(u.parentPath(), sibling) : closestElsewhere(u.name());
            problems.add(
                    origins.locate(path),
                    null,
                    "unknown key '" + path + "'" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
        }
    }

    private String closestElsewhere(String name) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String schemaPath : keys.keySet()) {
            String last = schemaPath.substring(schemaPath.lastIndexOf('.') + 1);
            int d = Levenshtein.distance(name, last);
            if (d < bestDistance) {
                best = schemaPath;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String c : candidates) {
            int d = Levenshtein.distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}
