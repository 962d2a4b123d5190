package io.driftwatch.jobs.config;

import java.util.TreeMap;

/** The origin of every value set by the file or an override, by full dotted path. */
final class Origins {

    private final TreeMap<String, Origin> byPath = new TreeMap<>();

    /** Records that {@code path} was set by {@code origin}, forgetting what set its former children. */
    void put(String path, Origin origin) {
        byPath.subMap(path + ".", path + "/").clear(); // '/' follows '.' in ASCII: all "path.*"
        byPath.subMap(path + "[", path + "\\").clear(); // '\\' follows '[': all "path[*"
        byPath.put(path, origin);
    }

    /** The layer that set {@code path} itself, or {@link Origin#BUILT_IN} when it has its default. */
    Origin exact(String path) {
        return byPath.getOrDefault(path, Origin.BUILT_IN);
    }

    /**
     * The origin of {@code path}, else of its nearest ancestor that has one: the best location for a
     * problem with a key that is missing or has its default inside a section the user wrote.
     */
    Origin locate(String path) {
        for (String p = path; !p.isEmpty(); p = KeyPaths.parent(p)) {
            Origin o = byPath.get(p);
            if (o != null) {
                return o;
            }
        }
        return Origin.BUILT_IN;
    }
}
