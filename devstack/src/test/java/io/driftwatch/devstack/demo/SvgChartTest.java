package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.servers.PromPoint;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart geometry and the verdict periods of the HTML report, on hand-made series. */
class SvgChartTest {

    private static final long H = 3_600_000L;

    @Test
    void periodsAreTheRunsOfOnesUpToTheNextZeroOrTheEnd() {
        List<PromPoint> verdict = List.of(
                new PromPoint(0, 0),
                new PromPoint(H, 1),
                new PromPoint(2 * H, 1),
                new PromPoint(3 * H, 0),
                new PromPoint(4 * H, 1));
        List<long[]> periods = HtmlReport.periods(verdict, Instant.ofEpochMilli(6 * H));
        assertEquals(2, periods.size());
        assertEquals(List.of(H, 3 * H), List.of(periods.get(0)[0], periods.get(0)[1]));
        assertEquals(List.of(4 * H, 6 * H), List.of(periods.get(1)[0], periods.get(1)[1]));
        assertEquals(List.of(), HtmlReport.periods(List.of(new PromPoint(0, 0)), Instant.ofEpochMilli(H)));
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.05, SvgChart.niceStep(0.03), 1e-12);
        assertEquals(0.1, SvgChart.niceStep(0.1), 1e-12);
        assertEquals(0.2, SvgChart.niceStep(0.11), 1e-12);
        assertEquals(5.0, SvgChart.niceStep(2.6), 1e-12);
        assertEquals(10.0, SvgChart.niceStep(5.1), 1e-12);
    }

    @Test
    void pointsMapLinearlyIntoThePlotAndGapsBreakTheLine() {
        // 0 to 10 h; values 0 and 0.4 (top of the axis: 0.4, steps of 0.1)
        SvgChart chart = new SvgChart("k", "t <&>", Instant.EPOCH, Instant.ofEpochMilli(10 * H))
                .line(
                        "a",
                        "#1f77b4",
                        List.of(new PromPoint(0, 0), new PromPoint(H, 0.4), new PromPoint(5 * H, 0.2)),
                        false)
                .shade(2 * H, 20 * H, "firing");
        String svg = chart.svg();
        assertEquals(1, chart.shadedPeriods());
        assertTrue(svg.contains("data-chart=\"k\"") && svg.contains("t &lt;&amp;&gt;"), svg);
        // the plot spans x 52..548 and y 30..182 (height 230, margins 30 and 48)
        Matcher d = Pattern.compile("<path fill=\"none\"[^>]* d=\"([^\"]*)\"").matcher(svg);
        assertTrue(d.find(), svg);
        assertEquals("M52.0 182.0 L101.6 30.0 M300.0 106.0", d.group(1));
        // the shading is clipped to the chart's time range: from 2 h to 10 h
        assertTrue(svg.contains("<rect class=\"firing\" x=\"151.2\" y=\"30\" width=\"396.8\" height=\"152\""), svg);
    }
}
