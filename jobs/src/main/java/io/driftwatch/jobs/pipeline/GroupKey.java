package io.driftwatch.jobs.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A Flink key made of several label values, e.g. (model_name, model_version, feature). Each value is
 * written as its length, a colon and the value ({@code "14:fraud-detector2:v2"}), so any value, including
 * one holding a separator character, round-trips exactly and two different tuples never share a key.
 */
public final class GroupKey {

    private GroupKey() {}

    /** The key of {@code values}, in order. */
    public static String of(List<String> values) {
        StringBuilder sb = new StringBuilder(64);
        for (String v : values) {
            sb.append(v.length()).append(':').append(v);
        }
        return sb.toString();
    }

    /** The values of a key made by {@link #of}. */
    public static List<String> values(String key) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < key.length()) {
            int colon = key.indexOf(':', i);
            if (colon < 0) {
                throw new IllegalArgumentException("not a group key: \"" + key + "\"");
            }
            int length = Integer.parseInt(key, i, colon, 10);
            values.add(key.substring(colon + 1, colon + 1 + length));
            i = colon + 1 + length;
        }
        return values;
    }
}
