package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.feature.DriftPolicy;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A score exactly at its threshold is drift (the job's {@code score >= threshold}), one ulp below it is not;
 * and compare's and profile's output reaches a stream that does not flush by itself.
 */
class ScoreAtThresholdTest {

    @TempDir
    Path dir;

    /** Column x: baseline 1..10, current 6..15, so KS D = 5/10 = 0.5 exactly. */
    private static ColumnData data() throws CliException {
        return ColumnData.of(
                CsvTable.parse(Path.of("b.csv"), column(1, 10)),
                CsvTable.parse(Path.of("c.csv"), column(6, 15)),
                "x",
                null);
    }

    private static String column(int from, int to) {
        StringBuilder sb = new StringBuilder("x\n");
        for (int i = from; i <= to; i++) {
            sb.append(i).append('\n');
        }
        return sb.toString();
    }

    private static MethodResult result(DriftPolicy.Builder policy, DriftMethod method) throws CliException {
        ColumnReport r = new ColumnComparator(policy.bins(2).minSamples(1).build()).compare(data(), List.of(method));
        return r.results().stream()
                .filter(m -> m.method() == method)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aScoreExactlyAtItsThresholdIsDrift() throws CliException {
        double psi = result(DriftPolicy.builder(), DriftMethod.PSI).score();
        assertEquals(
                true,
                result(DriftPolicy.builder().psiThreshold(psi), DriftMethod.PSI).drifted());
        assertEquals(
                false,
                result(DriftPolicy.builder().psiThreshold(Math.nextUp(psi)), DriftMethod.PSI)
                        .drifted());
        double js = result(DriftPolicy.builder(), DriftMethod.JS).score();
        assertEquals(
                true,
                result(DriftPolicy.builder().jsThreshold(js), DriftMethod.JS).drifted());
        assertEquals(
                false,
                result(DriftPolicy.builder().jsThreshold(Math.nextUp(js)), DriftMethod.JS)
                        .drifted());
        // alpha near 1: the significance term c(alpha)·sqrt(0.2) = 0.26 is below the floor, which decides
        DriftPolicy.Builder ks = DriftPolicy.builder().ksAlpha(0.999999);
        MethodResult atFloor = result(ks.ksMinD(0.5), DriftMethod.KS);
        assertEquals(0.5, atFloor.score());
        assertEquals(0.5, atFloor.threshold());
        assertEquals(true, atFloor.drifted());
        assertEquals(false, result(ks.ksMinD(Math.nextUp(0.5)), DriftMethod.KS).drifted());
    }

    @Test
    void outputReachesABufferedStream() throws Exception {
        Path b = Files.writeString(dir.resolve("b.csv"), column(1, 10));
        Path c = Files.writeString(dir.resolve("c.csv"), column(6, 15));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream buffered = new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(
                0,
                Main.run(
                        new String[] {"compare", "--baseline", b.toString(), "--current", c.toString()},
                        buffered,
                        err));
        String compared = out.toString(StandardCharsets.UTF_8);
        assertEquals(true, compared.contains("x: "), compared);
        out.reset();
        Path ref = dir.resolve("ref.dwp");
        assertEquals(
                0,
                Main.run(
                        new String[] {
                            "profile",
                            "--input",
                            b.toString(),
                            "--model",
                            "m",
                            "--version",
                            "1",
                            "--output",
                            ref.toString()
                        },
                        buffered,
                        err));
        String profiled = out.toString(StandardCharsets.UTF_8);
        assertEquals(true, profiled.contains("profile of m/1 written to " + ref), profiled);
    }
}
