package io.driftwatch.connectors.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggingFailureHandlerTest {

    @Test
    void namesAFewDistinctSeriesAndCountsTheRest() {
        List<PrometheusSample> samples = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            samples.add(PrometheusSample.of("m", Labels.of("s", Integer.toString(i % 7)), i, i));
        }
        RejectedBatch batch = new RejectedBatch("http://x/api/v1/write", 400, "bad", samples, Instant.EPOCH);
        assertEquals(
                "m{s=\"0\"}, m{s=\"1\"}, m{s=\"2\"}, m{s=\"3\"}, m{s=\"4\"} and 2 more",
                LoggingFailureHandler.sampleOfSeries(batch));
        assertTrue(new LoggingFailureHandler().onRejected(batch).isDone());
    }

    @Test
    void printsLabelValuesEscapedAsPrometheusDoes() {
        PrometheusSample s = PrometheusSample.of("m", Labels.of("path", "a\"}\nb\\c"), 1, 1);
        RejectedBatch batch = new RejectedBatch("http://x/api/v1/write", 400, "bad", List.of(s), Instant.EPOCH);
        assertEquals("m{path=\"a\\\"}\\nb\\\\c\"}", LoggingFailureHandler.sampleOfSeries(batch));
    }
}
