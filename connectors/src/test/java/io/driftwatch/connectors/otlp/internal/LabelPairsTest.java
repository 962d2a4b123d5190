package io.driftwatch.connectors.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LabelPairsTest {

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }

    private static String[] flat(Map<String, String> sorted) {
        List<String> out = new ArrayList<>();
        sorted.forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
        return out.toArray(new String[0]);
    }

    @Test
    void sortsAndKeepsTheLastOfRepeatedKeys() {
        String[] pairs = LabelPairs.fromAttributes(
                List.of(kv("b", "1"), kv("a", "1"), kv("b", "2"), kv("c", "1"), kv("a", "2"), kv("a", "3")));

        assertArrayEquals(new String[] {"a", "3", "b", "2", "c", "1"}, pairs);
    }

    @Test
    void mergeLetsOverrideWinAndReturnsInputsWhenTheOtherIsEmpty() {
        String[] base = {"a", "1", "c", "1", "e", "1"};
        String[] override = {"b", "2", "c", "2", "f", "2"};

        assertArrayEquals(
                new String[] {"a", "1", "b", "2", "c", "2", "e", "1", "f", "2"}, LabelPairs.merge(base, override));
        assertSame(base, LabelPairs.merge(base, LabelPairs.EMPTY));
        assertSame(override, LabelPairs.merge(LabelPairs.EMPTY, override));
    }

    @Test
    void agreesWithATreeMapOnRandomInput() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            List<KeyValue> baseAttrs = new ArrayList<>();
            List<KeyValue> pointAttrs = new ArrayList<>();
            TreeMap<String, String> expected = new TreeMap<>();
            TreeMap<String, String> baseOnly = new TreeMap<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                KeyValue kv = kv("k" + random.nextInt(8), "b" + random.nextInt(100));
                baseAttrs.add(kv);
                baseOnly.put(kv.getKey(), kv.getValue().getStringValue());
            }
            expected.putAll(baseOnly);
            for (int i = random.nextInt(6); i > 0; i--) {
                KeyValue kv = kv("k" + random.nextInt(8), "p" + random.nextInt(100));
                pointAttrs.add(kv);
                expected.put(kv.getKey(), kv.getValue().getStringValue());
            }

            String[] merged =
                    LabelPairs.merge(LabelPairs.fromAttributes(baseAttrs), LabelPairs.fromAttributes(pointAttrs));

            assertArrayEquals(flat(expected), merged);
        }
    }
}
