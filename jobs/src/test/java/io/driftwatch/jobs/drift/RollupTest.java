package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.driftwatch.jobs.pipeline.KeyedBroadcastHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Roll-ups by merging interval summaries: every level of a job with segments and all three roll-ups, each
 * fed the closed interval summaries of the level before, against one instance of the same level fed the raw
 * observations of everything it covers. Histogram and category counts add, and numeric DDSketch bins add
 * too (any merge tree of the same values gives the same bins, NumericSummary): the scores, sample counts,
 * thresholds and events of a roll-up equal the single key's exactly, for all three kinds. (Against the raw
 * values themselves the numeric scores keep the sketch's own accuracy: each value rounded up by less than
 * 2α/(1 − α) of itself, exact for the rounded values.)
 */
class RollupTest {

    static final long H = FeatureDriftFunctionTest.H;
    static final DriftPolicy POLICY =
            DriftPolicy.builder().minSamples(100).ksAlpha(0.001).build();
    static final double[] BOUNDS = {0, 1, 2};
    static final List<String> MODELS = List.of("fraud", "churn");
    static final List<String> SEGMENTS = List.of("a", "b");
    static final int INTERVALS = 14;
    /** Segment b of fraud shifts from this interval on; the frozen baseline is intervals 1..5. */
    static final int SHIFT = 8;

    static final FeatureDriftSettings SETTINGS = HourlySettings.of(POLICY)
            .withSegments(new DriftConfig.SegmentsConfig(
                    List.of("use_case"), 100, List.of("model_version", "model", "fleet")));

    static long end(int k) {
        return FeatureDriftFunctionTest.end(k);
    }

    /** One raw value: model, segment and the observation without segment, keyed (model, v1, feature). */
    record Value(String model, String segment, FeatureObservation o) {

        /** The observation keyed for {@code level}: with its segment, or coarsened to a roll-up. */
        FeatureObservation keyed(FeatureLevel level) {
            FeatureObservation c = copy(o);
            String m = level.rollup() == Rollup.FLEET ? "" : model;
            String v = level.rollup() == Rollup.FLEET || level.rollup() == Rollup.MODEL ? "" : "v1";
            List<String> feature = io.driftwatch.jobs.pipeline.GroupKey.values(o.key);
            c.key = level.rollup() == null
                    ? FeatureObservation.keyOf(m, v, feature.get(2), List.of(segment))
                    : FeatureObservation.keyOf(m, v, feature.get(2));
            return c;
        }

        static FeatureObservation copy(FeatureObservation o) {
            FeatureObservation c = new FeatureObservation();
            c.key = o.key;
            c.timeMillis = o.timeMillis;
            c.kind = o.kind;
            c.number = o.number;
            c.category = o.category;
            c.weight = o.weight;
            c.bounds = o.bounds;
            c.counts = o.counts;
            return c;
        }
    }

    /** Interval k's values: stable, but in fraud's segment b from SHIFT on (a mean shift, a new mix, new counts). */
    static List<Value> values(int k, SplittableRandom random) {
        List<Value> out = new ArrayList<>();
        for (String model : MODELS) {
            for (String segment : SEGMENTS) {
                boolean shifted = model.equals("fraud") && segment.equals("b") && k >= SHIFT;
                long t = end(k) - 1000;
                for (int i = 0; i < 120; i++) {
                    double x = 100 + 15 * random.nextGaussian() + (shifted ? 10 : 0);
                    out.add(new Value(model, segment, FeatureObservation.numeric(key(model, "amount"), t, x, 1)));
                    String c = random.nextDouble() < (shifted ? 0.6 : 0.3) ? "de" : random.nextBoolean() ? "fr" : "it";
                    out.add(new Value(model, segment, FeatureObservation.categorical(key(model, "country"), t, c, 1)));
                }
                long[] counts = shifted ? new long[] {10, 30, 40, 40} : new long[] {30, 30, 30, 30};
                out.add(new Value(
                        model, segment, FeatureObservation.buckets(key(model, "latency"), t, BOUNDS, counts)));
            }
        }
        return out;
    }

    static String key(String model, String feature) {
        return FeatureObservation.keyOf(model, "v1", feature);
    }

    /** One level's operator. */
    static final class Level implements AutoCloseable {
        final FeatureLevel level;
        final HarnessMetrics metrics = new HarnessMetrics();
        final KeyedBroadcastHarness<String, FeatureObservation, ReferenceUpdate, PrometheusSample> harness;

        Level(FeatureLevel level) throws Exception {
            this.level = level;
            harness = new KeyedBroadcastHarness<>(
                    new FeatureDriftFunction(SETTINGS, level),
                    ReferencesInForce.STATE,
                    o -> o.key,
                    Types.STRING,
                    metrics.environment());
            harness.open();
        }

        void add(FeatureObservation o) throws Exception {
            harness.processElement1(o, o.timeMillis);
        }

        /** Closes interval k; returns the summaries it sent on. */
        List<FeatureObservation> close(int k) throws Exception {
            harness.processBothWatermarks(new Watermark(end(k)));
            List<FeatureObservation> out = new ArrayList<>();
            Queue<StreamRecord<FeatureObservation>> q = harness.getSideOutput(FeatureDriftFunction.SUMMARIES);
            for (StreamRecord<FeatureObservation> r; q != null && (r = q.poll()) != null; ) {
                assertEquals(end(k), r.getTimestamp());
                out.add(r.getValue());
            }
            return out;
        }

        List<PrometheusSample> samples() {
            return harness.extractOutputValues();
        }

        List<String> events() {
            List<String> out = new ArrayList<>();
            var side = harness.getSideOutput(FeatureDriftFunction.EVENTS);
            if (side != null) {
                for (StreamRecord<EventRecord> r : side) {
                    out.add(r.getValue().key() + " " + r.getValue().json());
                }
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            harness.close();
            metrics.close();
        }
    }

    @Test
    void everyRollupEqualsOneKeyFedEverythingItCovers() throws Exception {
        List<FeatureLevel> levels = SETTINGS.levels();
        assertEquals(4, levels.size());
        assertFalse(SETTINGS.numericOnGrid(), "roll-ups keep sketches");
        List<Level> chain = new ArrayList<>();
        List<Level> direct = new ArrayList<>();
        try {
            for (FeatureLevel l : levels) {
                chain.add(new Level(l));
                direct.add(new Level(l));
            }
            SplittableRandom random = new SplittableRandom(14);
            for (int k = 1; k <= INTERVALS; k++) {
                for (Value v : values(k, random)) {
                    chain.get(0).add(v.keyed(levels.get(0)));
                    for (Level d : direct) {
                        d.add(v.keyed(d.level));
                    }
                }
                List<FeatureObservation> summaries = chain.get(0).close(k);
                for (int i = 1; i < chain.size(); i++) {
                    for (FeatureObservation s : summaries) {
                        chain.get(i).add(s);
                    }
                    summaries = chain.get(i).close(k);
                }
                assertTrue(summaries.isEmpty(), "the fleet level is the last");
                for (Level d : direct) {
                    d.close(k);
                }
            }
            for (int i = 1; i < levels.size(); i++) {
                // the same samples and events; keys' timers fire in an order of their own
                List<String> merged = sorted(chain.get(i).samples());
                List<String> single = sorted(direct.get(i).samples());
                assertTrue(merged.size() > 100, merged.toString());
                assertEquals(
                        difference(single, merged),
                        difference(merged, single),
                        levels.get(i).uid());
                assertEquals(single, merged, levels.get(i).uid());
                assertEquals(
                        sorted(direct.get(i).events()),
                        sorted(chain.get(i).events()),
                        levels.get(i).uid());
            }
            // the segment level: fraud's b fires on all three features, a never
            List<String> segmentEvents = chain.get(0).events();
            for (String f : List.of("amount", "country", "latency")) {
                assertTrue(segmentEvents.stream().anyMatch(e -> e.startsWith("fraud/v1/" + f + "/use_case=b ")), f);
            }
            assertTrue(segmentEvents.stream().noneMatch(e -> e.contains("/use_case=a ")), segmentEvents.toString());
            assertTrue(segmentEvents.stream().noneMatch(e -> e.startsWith("churn/")), segmentEvents.toString());
            assertLabels(chain);
        } finally {
            for (Level l : chain) {
                l.close();
            }
            for (Level l : direct) {
                l.close();
            }
        }
    }

    static List<String> sorted(List<?> items) {
        return items.stream().map(Object::toString).sorted().toList();
    }

    /** What {@code a} holds and {@code b} does not (an empty list either way when they are equal). */
    static List<String> difference(List<String> a, List<String> b) {
        List<String> d = new ArrayList<>(a);
        d.removeAll(b);
        return d.subList(0, Math.min(5, d.size()));
    }

    /** Each level's series carry its own labels, and a roll-up's current window counts its segments' values. */
    static void assertLabels(List<Level> chain) {
        long t = end(INTERVALS);
        String[] rollups = {null, "model_version", "model", "fleet"};
        double[] perKey = {3 * 120, 2 * 3 * 120, 2 * 3 * 120, 2 * 2 * 3 * 120};
        for (int i = 0; i < chain.size(); i++) {
            int level = i;
            List<PrometheusSample> current = chain.get(i).samples().stream()
                    .filter(s -> s.timestampMs() == t
                            && s.metricName().equals(FeatureDriftSeries.SAMPLES)
                            && "current".equals(s.labels().get("window"))
                            && "country".equals(s.labels().get("feature")))
                    .toList();
            assertEquals(new int[] {4, 2, 2, 1}[i], current.size(), String.valueOf(current));
            for (PrometheusSample s : current) {
                assertEquals(rollups[level], s.labels().get("rollup"), s.toString());
                assertEquals(new int[] {5, 5, 4, 3}[level], s.labels().size(), s.toString());
                assertEquals(level == 0, s.labels().get("use_case") != null, s.toString());
                assertEquals(level <= 1, s.labels().get("model_version") != null, s.toString());
                assertEquals(level <= 2, s.labels().get("model_name") != null, s.toString());
                assertEquals(perKey[level], s.value(), s.toString());
            }
        }
    }
}
