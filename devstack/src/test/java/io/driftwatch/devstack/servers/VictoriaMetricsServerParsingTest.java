package io.driftwatch.devstack.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of VictoriaMetrics API answers (samples of what version 1.79 returns). */
class VictoriaMetricsServerParsingTest {

    @Test
    void exportLineWithBareInfinitiesAndTrickyLabels() throws Exception {
        // VictoriaMetrics writes infinities unquoted, which is not JSON
        PromSeries s = VictoriaMetricsServer.parseExportLine(
                "{\"metric\":{\"__name__\":\"m\",\"x\":\"[1,+Inf,\\\"values\\\":[\"},"
                        + "\"values\":[+Inf,-Inf,0.25,NaN,-3],\"timestamps\":[1,2,3,4,5]}");
        assertEquals(Map.of("__name__", "m", "x", "[1,+Inf,\"values\":["), s.labels());
        assertEquals(
                List.of(
                        new PromPoint(1, Double.POSITIVE_INFINITY),
                        new PromPoint(2, Double.NEGATIVE_INFINITY),
                        new PromPoint(3, 0.25),
                        new PromPoint(4, Double.NaN),
                        new PromPoint(5, -3)),
                s.points());
    }

    @Test
    void exportLineWithMismatchedArraysFails() {
        assertThrows(
                IOException.class,
                () -> VictoriaMetricsServer.parseExportLine("{\"metric\":{},\"values\":[1,2],\"timestamps\":[1]}"));
    }

    @Test
    void queryResultsOfAllTypesWithMillisecondTimestamps() throws Exception {
        PromQueryResult vector = VictoriaMetricsServer.parseQueryResult(
                "{\"status\":\"success\",\"data\":{\"resultType\":"
                        + "\"vector\",\"result\":[{\"metric\":{\"a\":\"b\"},\"value\":[1735689600.123,\"-Inf\"]}]}}",
                "q");
        assertEquals(
                List.of(new PromSeries(
                        Map.of("a", "b"), List.of(new PromPoint(1_735_689_600_123L, Double.NEGATIVE_INFINITY)))),
                vector.series());
        PromQueryResult matrix = VictoriaMetricsServer.parseQueryResult(
                "{\"status\":\"success\",\"data\":{\"resultType\":"
                        + "\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1.001,\"1\"],[2,\"NaN\"]]}]}}",
                "q");
        assertEquals(
                List.of(new PromPoint(1001, 1), new PromPoint(2000, Double.NaN)),
                matrix.series().get(0).points());
        PromQueryResult scalar = VictoriaMetricsServer.parseQueryResult(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[5,\"0.5\"]}}", "q");
        assertEquals(0.5, scalar.singleValue());
        IOException error = assertThrows(
                IOException.class,
                () -> VictoriaMetricsServer.parseQueryResult("{\"status\":\"error\",\"error\":\"bad\"}", "sum("));
        assertTrue(error.getMessage().contains("sum("));
    }
}
