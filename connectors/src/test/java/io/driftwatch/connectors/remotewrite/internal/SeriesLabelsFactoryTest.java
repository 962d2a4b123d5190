package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesLabelsFactoryTest {

    private static String[] pairs(SeriesLabels s) {
        String[] out = new String[2 * s.size()];
        for (int i = 0; i < s.size(); i++) {
            out[2 * i] = s.name(i);
            out[2 * i + 1] = s.value(i);
        }
        return out;
    }

    @Test
    void addsNameSanitisesAndSortsByteWise() {
        SeriesLabelsFactory f = SeriesLabelsFactory.withExtraLabels(Map.of());
        // "model.name" sorts before "model_version" as given, but after "model0" once sanitised ('_' > '0')
        SeriesLabels s = f.create(
                "ml.inference.duration", Labels.of("model.name", "m", "model0", "z", "Zone", "eu", "use_case", "chat"));
        assertArrayEquals(
                new String[] {
                    "Zone",
                    "eu",
                    "__name__",
                    "ml_inference_duration",
                    "model0",
                    "z",
                    "model_name",
                    "m",
                    "use_case",
                    "chat"
                },
                pairs(s));
        assertEquals("ml_inference_duration", s.metricName());
    }

    @Test
    void dropsEmptyValues() {
        SeriesLabels s = SeriesLabelsFactory.withExtraLabels(Map.of()).create("m", Labels.of("a", "", "b", "1"));
        assertArrayEquals(new String[] {"__name__", "m", "b", "1"}, pairs(s));
    }

    @Test
    void joinsValuesOfNamesThatCollideAfterSanitising() {
        // original order "a.b" < "a_b": values joined in that order
        SeriesLabels s = SeriesLabelsFactory.withExtraLabels(Map.of()).create("m", Labels.of("a_b", "2", "a.b", "1"));
        assertArrayEquals(new String[] {"__name__", "m", "a_b", "1;2"}, pairs(s));
    }

    @Test
    void extraLabelsNeverOverrideSeriesLabels() {
        SeriesLabelsFactory f =
                SeriesLabelsFactory.withExtraLabels(Map.of("cluster", "eu-1", "env", "prod", "zz", "last"));
        SeriesLabels s = f.create("m", Labels.of("env", "staging", "job", "j"));
        assertArrayEquals(
                new String[] {"__name__", "m", "cluster", "eu-1", "env", "staging", "job", "j", "zz", "last"},
                pairs(s));
    }

    @Test
    void extraLabelFillsInWhenTheSeriesValueIsEmpty() {
        SeriesLabelsFactory f = SeriesLabelsFactory.withExtraLabels(Map.of("env", "prod"));
        SeriesLabels s = f.create("m", Labels.of("env", ""));
        assertArrayEquals(new String[] {"__name__", "m", "env", "prod"}, pairs(s));
    }

    @Test
    void extraLabelsAloneAndNoLabels() {
        assertArrayEquals(
                new String[] {"__name__", "m"},
                pairs(SeriesLabelsFactory.withExtraLabels(Map.of()).create("m", Labels.EMPTY)));
        assertArrayEquals(
                new String[] {"A", "1", "__name__", "m", "b", "2"},
                pairs(SeriesLabelsFactory.withExtraLabels(Map.of("A", "1", "b", "2"))
                        .create("m", Labels.EMPTY)));
    }

    @Test
    void rejectsInvalidExtraLabels() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> SeriesLabelsFactory.withExtraLabels(Map.of("a.b", "x")))
                .getMessage()
                .contains("a.b"));
        assertThrows(
                IllegalArgumentException.class, () -> SeriesLabelsFactory.withExtraLabels(Map.of("__name__", "x")));
        assertThrows(IllegalArgumentException.class, () -> SeriesLabelsFactory.withExtraLabels(Map.of("a", "")));
    }

    @Test
    void equalLabelSetsAreEqualSeries() {
        SeriesLabelsFactory f = SeriesLabelsFactory.withExtraLabels(Map.of("c", "3"));
        SeriesLabels a = f.create("m.x", Labels.of("a", "1"));
        SeriesLabels b = f.create("m_x", Labels.of("a", "1", "e", ""));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void ofSortedPairsChecksTheInvariant() {
        assertThrows(
                IllegalArgumentException.class, () -> SeriesLabels.ofSortedPairs(new String[] {"b", "1", "a", "2"}));
        assertThrows(IllegalArgumentException.class, () -> SeriesLabels.ofSortedPairs(new String[] {"a", "1"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> SeriesLabels.ofSortedPairs(new String[] {"__name__", "m", "a", ""}));
    }
}
