package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.connectors.otlp.Labels;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void escapesBackslashQuoteAndLineFeedInLabelValuesOnly() {
        Labels labels = Labels.of("a", "x\"} fake{b=\"1", "c", "line\nbreak", "d", "C:\\dir", "e", "plain é");
        assertEquals(
                "m{a=\"x\\\"} fake{b=\\\"1\",c=\"line\\nbreak\",d=\"C:\\\\dir\",e=\"plain é\"}",
                PrometheusText.series("m", labels));
    }

    @Test
    void seriesWithoutLabels() {
        assertEquals("up{}", PrometheusText.series("up", Labels.EMPTY));
    }
}
