package io.driftwatch.jobs.config;

/** Dotted configuration paths: {@code kafka.inputs[0].topic}. */
final class KeyPaths {

    private KeyPaths() {}

    /** {@code parent.key}, or {@code key} at the top level. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[index]}. */
    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path without its last key or index; {@code ""} for a top-level key. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
