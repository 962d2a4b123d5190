package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.drift.reference.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    /** The same values as CSV and as JSON Lines give the same bytes, equal to summaries built value by value. */
    @Test
    void csvAndJsonLinesGiveTheSummariesBuiltValueByValue() throws IOException {
        StringBuilder csv = new StringBuilder("length,colour,id\n");
        StringBuilder jsonl = new StringBuilder();
        FeatureSummary length = FeatureSummary.numeric(0.001);
        FeatureSummary colour = FeatureSummary.categorical(1000);
        String[] colours = {"red", "blue", "green"};
        for (int i = 0; i < 500; i++) {
            double v = 10 + (i * 37 % 101) / 7.0;
            String c = colours[i % 3];
            boolean missing = i % 50 == 0;
            csv.append(missing ? (i % 100 == 0 ? "NA" : "") : String.format(Locale.ROOT, "%.6f", v))
                    .append(',')
                    .append(c)
                    .append(',')
                    .append(i)
                    .append('\n');
            jsonl.append("{\"length\":")
                    .append(missing ? "null" : String.format(Locale.ROOT, "%.6f", v))
                    .append(",\"colour\":\"")
                    .append(c)
                    .append("\"}\n");
            if (!missing) {
                length.add(Double.parseDouble(String.format(Locale.ROOT, "%.6f", v)), 1);
            }
            colour.add(c, 1);
        }
        Path csvFile = Files.writeString(dir.resolve("train.csv"), csv);
        Path jsonFile = Files.writeString(dir.resolve("train.jsonl"), jsonl);
        Path a = dir.resolve("a.dwp");
        Path b = dir.resolve("b.dwp");
        assertEquals(
                0,
                run(
                        "profile",
                        "--input",
                        csvFile.toString(),
                        "--model",
                        "m",
                        "--version",
                        "v1",
                        "--column",
                        "length",
                        "--column",
                        "colour",
                        "--output",
                        a.toString()),
                err.toString());
        assertEquals(
                0,
                run(
                        "profile",
                        "--input",
                        jsonFile.toString(),
                        "--model",
                        "m",
                        "--version",
                        "v1",
                        "--output",
                        b.toString()),
                err.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        ReferenceProfile p = ReferenceProfile.fromBytes(Files.readAllBytes(a));
        assertEquals("m/v1", p.key());
        assertEquals(List.of("length", "colour"), List.copyOf(p.columns().keySet()));
        assertEquals(10, p.columns().get("length").missing());
        assertEquals(490, p.summary("length").observations());
        assertArrayEquals(length.toBytes(), p.summary("length").toBytes());
        assertArrayEquals(colour.toBytes(), p.summary("colour").toBytes());
        assertEquals(0, p.columns().get("colour").missing());
        assertTrue(out.toString().contains("profile of m/v1 written to"), out.toString());
    }

    @Test
    void typeForcesCategoricalAndRejectsNonNumbers() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "code,x\n1,1\n2,abc\n1,NaN\n");
        Path ref = dir.resolve("r.dwp");
        assertEquals(
                0,
                run(
                        "profile",
                        "--input",
                        csv.toString(),
                        "--model",
                        "m",
                        "--version",
                        "1",
                        "--type",
                        "code=categorical",
                        "--column",
                        "code",
                        "--output",
                        ref.toString()),
                err.toString());
        ReferenceProfile p = ReferenceProfile.fromBytes(Files.readAllBytes(ref));
        assertEquals(FeatureSummary.Kind.CATEGORICAL, p.summary("code").kind());
        assertEquals(2L, p.summary("code").categorical().counts().get("1"));

        assertEquals(
                2,
                run(
                        "profile",
                        "--input",
                        csv.toString(),
                        "--model",
                        "m",
                        "--version",
                        "1",
                        "--type",
                        "x=numeric",
                        "--output",
                        ref.toString()));
        assertTrue(err.toString().contains("t.csv line 3: column 'x' is numeric (--type) but 'abc'"), err.toString());
    }

    @Test
    void malformedProfilesAreRefusedWithAReason() {
        IllegalArgumentException notProfile =
                assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.fromBytes("a,b\n".getBytes()));
        assertTrue(notProfile.getMessage().contains("not a reference profile"));
        byte[] good = profile().toBytes();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.fromBytes(truncated));
        byte[] future = good.clone();
        future[4] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.fromBytes(future))
                .getMessage()
                .contains("format version 9"));
        assertArrayEquals(good, ReferenceProfile.fromBytes(good).toBytes());
    }

    /** compare --baseline ref.dwp scores as the job does: FeatureComparison with the DriftPolicy defaults. */
    @Test
    void compareTakesAProfileAsItsBaseline() throws IOException {
        Path ref = Files.write(dir.resolve("ref.dwp"), profile().toBytes());
        StringBuilder cur = new StringBuilder("x\n");
        FeatureSummary current = FeatureSummary.numeric(0.001);
        for (int i = 0; i < 2000; i++) {
            cur.append(i % 1000 + 300).append('\n');
            current.add(i % 1000 + 300, 1);
        }
        Path curFile = Files.writeString(dir.resolve("cur.csv"), cur);
        assertEquals(
                0,
                run(
                        "compare",
                        "--baseline",
                        ref.toString(),
                        "--current",
                        curFile.toString(),
                        "--method",
                        "ks",
                        "--format",
                        "json"),
                err.toString());
        MethodScore ks = FeatureComparison.compare(profile().summary("x"), current, DriftPolicy.defaults()).stream()
                .filter(s -> s.method().label().equals("ks"))
                .findFirst()
                .orElseThrow();
        String json = out.toString();
        assertTrue(
                json.contains("\"score\":" + ks.score())
                        || json.contains(String.format(Locale.ROOT, "%.6f", ks.score())),
                json);
        assertTrue(json.contains("\"drifted\":true"), json);
        assertFalse(json.contains("\"method\":\"psi\""), json);
    }

    private static ReferenceProfile profile() {
        FeatureSummary x = FeatureSummary.numeric(0.001);
        for (int i = 0; i < 2000; i++) {
            x.add(i % 1000, 1);
        }
        return new ReferenceProfile("m", "v1", java.util.Map.of("x", new ReferenceProfile.Column(x, 3)));
    }
}
