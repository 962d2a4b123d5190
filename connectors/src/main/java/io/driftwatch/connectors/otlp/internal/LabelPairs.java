package io.driftwatch.connectors.otlp.internal;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the flat, name-sorted {@code name0, value0, name1, value1, …} arrays behind {@code Labels}
 * without maps: attribute lists are small, so an insertion sort and a linear merge beat any map.
 */
public final class LabelPairs {

    public static final String[] EMPTY = new String[0];

    private LabelPairs() {}

    /**
     * The attributes as sorted pairs; keys are kept unchanged and a repeated key keeps its last value.
     * Values are rendered by {@link AttributeValues#asLabelValue}.
     */
    public static String[] fromAttributes(List<KeyValue> attributes) {
        int n = attributes.size();
        if (n == 0) {
            return EMPTY;
        }
        String[] pairs = new String[2 * n];
        for (int i = 0; i < n; i++) {
            KeyValue kv = attributes.get(i);
            String key = kv.getKey();
            String value = AttributeValues.asLabelValue(kv.getValue());
            // Stable insertion sort: an equal key is inserted after the earlier one.
            int j = i;
            while (j > 0 && pairs[2 * (j - 1)].compareTo(key) > 0) {
                pairs[2 * j] = pairs[2 * (j - 1)];
                pairs[2 * j + 1] = pairs[2 * (j - 1) + 1];
                j--;
            }
            pairs[2 * j] = key;
            pairs[2 * j + 1] = value;
        }
        return dedupeKeepLast(pairs);
    }

    /** {@code {name="value", …}}, the way Prometheus prints a label set. */
    public static String format(String[] pairs) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * Merges two sorted pair arrays; on equal names the value from {@code override} wins. Returns
     * {@code base} itself when {@code override} is empty (and vice versa).
     */
    public static String[] merge(String[] base, String[] override) {
        if (override.length == 0) {
            return base;
        }
        if (base.length == 0) {
            return override;
        }
        String[] out = new String[base.length + override.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < base.length && j < override.length) {
            int c = base[i].compareTo(override[j]);
            if (c < 0) {
                out[k++] = base[i++];
                out[k++] = base[i++];
            } else {
                if (c == 0) {
                    i += 2;
                }
                out[k++] = override[j++];
                out[k++] = override[j++];
            }
        }
        while (i < base.length) {
            out[k++] = base[i++];
        }
        while (j < override.length) {
            out[k++] = override[j++];
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }

    private static String[] dedupeKeepLast(String[] pairs) {
        int k = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (i + 2 < pairs.length && pairs[i].equals(pairs[i + 2])) {
                continue;
            }
            pairs[k++] = pairs[i];
            pairs[k++] = pairs[i + 1];
        }
        return k == pairs.length ? pairs : Arrays.copyOf(pairs, k);
    }
}
