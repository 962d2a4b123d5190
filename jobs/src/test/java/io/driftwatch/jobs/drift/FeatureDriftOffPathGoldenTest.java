package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.driftwatch.jobs.pipeline.KeyedBroadcastHarness;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The drift operator's output, samples in order and events, as the code before {@code drift.fdr-q} wrote it (the
 * golden file was written by this test run against that commit, 48dfec2, with {@code -Dgolden.write=PATH}): with
 * the settings' default, FDR off, the operator writes exactly the same. Histogram, numeric (on the frozen
 * baseline's grid) and categorical features, one of each drifting from interval 6 to 8 and back, both windows.
 */
class FeatureDriftOffPathGoldenTest {

    static final long H = 3_600_000L;
    static final long BASE = 20_000L * 24 * H;
    static final double[] BOUNDS = {0, 1, 2};
    static final String GOLDEN = "feature-drift-off.golden";

    static long end(int k) {
        return BASE + k * H;
    }

    static List<FeatureObservation> observations() {
        Random random = new Random(42);
        List<FeatureObservation> out = new ArrayList<>();
        for (int k = 1; k <= 12; k++) {
            boolean drifted = k >= 6 && k <= 8;
            long t = end(k) - 1000;
            for (int f = 0; f < 2; f++) {
                boolean shifts = drifted && f == 0;
                String hist = FeatureObservation.keyOf("fraud", "v2", "hist" + f);
                long[] counts = new long[4];
                for (int v = 0; v < 600; v++) {
                    double u = random.nextDouble();
                    counts[shifts ? (u < 0.1 ? 0 : 1 + (int) ((u - 0.1) / 0.3)) : (int) (u * 4)]++;
                }
                out.add(FeatureObservation.buckets(hist, t, BOUNDS, counts));
                String num = FeatureObservation.keyOf("fraud", "v2", "num" + f);
                String cat = FeatureObservation.keyOf("fraud", "v2", "cat" + f);
                for (int v = 0; v < 400; v++) {
                    double x = 10 + random.nextGaussian() + (shifts ? 0.4 : 0.0);
                    out.add(FeatureObservation.numeric(num, t - v, x, 1 + random.nextInt(2)));
                    double u = random.nextDouble();
                    String c = u < (shifts ? 0.7 : 0.5) ? "a" : u < 0.85 ? "b" : "c";
                    out.add(FeatureObservation.categorical(cat, t - v, c, 1));
                }
            }
        }
        return out;
    }

    static List<String> run() throws Exception {
        FeatureDriftSettings settings =
                HourlySettings.of(DriftPolicy.builder().minSamples(200).build());
        HarnessMetrics metrics = new HarnessMetrics();
        List<String> lines = new ArrayList<>();
        try (var h = new KeyedBroadcastHarness<String, FeatureObservation, ReferenceUpdate, PrometheusSample>(
                new FeatureDriftFunction(settings),
                ReferencesInForce.STATE,
                o -> o.key,
                Types.STRING,
                metrics.environment())) {
            h.open();
            for (FeatureObservation o : observations()) {
                h.processElement1(o, o.timeMillis);
            }
            for (int k = 1; k <= 16; k++) {
                h.processBothWatermarks(new Watermark(end(k)));
            }
            for (PrometheusSample s : h.extractOutputValues()) {
                lines.add(s.toString());
            }
            var events = h.getSideOutput(FeatureDriftFunction.EVENTS);
            for (StreamRecord<EventRecord> r : events == null ? List.<StreamRecord<EventRecord>>of() : events) {
                lines.add("event " + r.getTimestamp() + " " + r.getValue().key() + " "
                        + r.getValue().json());
            }
        } finally {
            metrics.close();
        }
        return lines;
    }

    @Test
    void offWritesExactlyWhatTheCodeBeforeFdrWrote() throws Exception {
        List<String> lines = run();
        String write = System.getProperty("golden.write");
        if (write != null) {
            Files.write(Path.of(write), lines, StandardCharsets.UTF_8);
        }
        List<String> golden;
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        assertEquals(golden.size(), lines.size());
        for (int i = 0; i < golden.size(); i++) {
            assertEquals(golden.get(i), lines.get(i), "line " + (i + 1));
        }
        // the scenario exercises the verdicts: fire and resolve events of each kind
        assertEquals(6, lines.stream().filter(l -> l.startsWith("event ")).count(), String.join("\n", golden));
    }
}
