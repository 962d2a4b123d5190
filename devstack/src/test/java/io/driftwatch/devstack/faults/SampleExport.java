package io.driftwatch.devstack.faults;

import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every raw sample a VictoriaMetrics holds ({@code /api/v1/export}: stored timestamps and values, no
 * lookback or interpolation), by series (the label set, {@code __name__} included), in time order.
 *
 * <p>Values are compared to VictoriaMetrics' precision: it stores about 12 significant digits with one
 * decimal exponent per block of a series, and the blocks depend on when samples arrived, so the same
 * double written in two runs can read back with different trailing digits (AllAnalysesITCase). Two
 * values are the same when equal, or within {@value #PRECISION} of the largest magnitude of their series.
 */
record SampleExport(Map<Map<String, String>, List<PromPoint>> series) {

    static final double PRECISION = 1e-11;

    /** Makes everything received searchable, then exports every series. */
    static SampleExport of(VictoriaMetricsServer vm) throws IOException {
        vm.flush();
        Map<Map<String, String>, List<PromPoint>> series = new HashMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=~\".+\"}")) {
            if (series.put(s.labels(), s.points()) != null) {
                throw new IOException("VictoriaMetrics exported " + s.labels() + " on two lines");
            }
        }
        return new SampleExport(series);
    }

    long samples() {
        return series.values().stream().mapToLong(List::size).sum();
    }

    /** Samples stored beside another of the same series and timestamp. */
    long duplicates() {
        long duplicates = 0;
        for (List<PromPoint> points : series.values()) {
            Set<Long> seen = new HashSet<>();
            for (PromPoint p : points) {
                if (!seen.add(p.timestampMs())) {
                    duplicates++;
                }
            }
        }
        return duplicates;
    }

    /**
     * The rows VictoriaMetrics has received by remote write since it started ({@code
     * vm_rows_inserted_total{type="promremotewrite"}}), duplicates included.
     */
    static long rowsReceived(VictoriaMetricsServer vm) throws IOException, InterruptedException {
        String prefix = "vm_rows_inserted_total{type=\"promremotewrite\"} ";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(vm.baseUrl().resolve("/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).strip()))
                .sum();
    }

    /**
     * How this export differs from {@code expected}: series only in one of them, samples missing, extra
     * (a timestamp twice included) or of another value; with up to 20 examples. Empty when none differ.
     */
    String diff(SampleExport expected) {
        Set<Map<String, String>> all = new HashSet<>(expected.series.keySet());
        all.addAll(series.keySet());
        List<Map<String, String>> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(l -> new TreeMap<>(l).toString()));
        List<String> examples = new ArrayList<>();
        long missing = 0;
        long extra = 0;
        long different = 0;
        for (Map<String, String> labels : sorted) {
            List<PromPoint> e = expected.series.getOrDefault(labels, List.of());
            List<PromPoint> a = series.getOrDefault(labels, List.of());
            double largest = 0;
            for (List<PromPoint> points : List.of(e, a)) {
                for (PromPoint p : points) {
                    largest = Double.isFinite(p.value()) ? Math.max(largest, Math.abs(p.value())) : largest;
                }
            }
            Map<Long, Double> want = new HashMap<>();
            e.forEach(p -> want.put(p.timestampMs(), p.value()));
            Set<Long> seen = new HashSet<>();
            for (PromPoint p : a) {
                Double w = want.get(p.timestampMs());
                String problem = null;
                if (w == null || !seen.add(p.timestampMs())) {
                    extra++;
                    problem = w == null ? "unexpected" : "twice";
                } else if (!(Double.compare(w, p.value()) == 0 || Math.abs(w - p.value()) <= PRECISION * largest)) {
                    different++;
                    problem = "expected " + w;
                }
                if (problem != null && examples.size() < 20) {
                    examples.add(new TreeMap<>(labels) + " " + p + ": " + problem);
                }
            }
            for (PromPoint p : e) {
                if (!seen.contains(p.timestampMs())) {
                    missing++;
                    if (examples.size() < 20) {
                        examples.add(new TreeMap<>(labels) + " " + p + ": missing");
                    }
                }
            }
        }
        if (missing + extra + different == 0) {
            return "";
        }
        return missing + " missing, " + extra + " extra and " + different + " different of " + expected.samples()
                + " expected samples (" + expected.series.size() + " series; " + samples() + " stored in "
                + series.size() + ")\n" + String.join("\n", examples);
    }
}
