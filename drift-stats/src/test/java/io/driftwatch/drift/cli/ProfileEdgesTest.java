package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile and compare --baseline ref.dwp at their edges: sample counts, accuracies, JSON Lines quirks. */
class ProfileEdgesTest extends CliTestBase {

    @TempDir
    Path dir;

    /** x: 1,000 values 0..999 at α = 0.01, 3 missing; colour: 600 red, 400 blue. */
    private static ReferenceProfile profile() {
        FeatureSummary x = FeatureSummary.numeric(0.01);
        FeatureSummary colour = FeatureSummary.categorical(100);
        for (int i = 0; i < 1000; i++) {
            x.add(i, 1);
            colour.add(i < 600 ? "red" : "blue", 1);
        }
        java.util.LinkedHashMap<String, ReferenceProfile.Column> columns = new java.util.LinkedHashMap<>();
        columns.put("x", new ReferenceProfile.Column(x, 3));
        columns.put("colour", new ReferenceProfile.Column(colour, 0));
        return new ReferenceProfile("m", "v1", columns);
    }

    /** Current: x = 200..1199 (1,000 values) and 5 missing; colour half red, half blue. */
    private Path current() throws IOException {
        StringBuilder sb = new StringBuilder("x,colour\n");
        for (int i = 0; i < 1005; i++) {
            sb.append(i < 1000 ? Integer.toString(200 + i) : "NA")
                    .append(',')
                    .append(i % 2 == 0 ? "red" : "blue")
                    .append('\n');
        }
        return Files.writeString(dir.resolve("cur.csv"), sb);
    }

    /**
     * With exactly min-samples values on both sides every thresholded method is decided; the current column is
     * summarised at the profile's accuracy (the scores are FeatureComparison's of two α = 0.01 summaries); the
     * rows count the missing cells.
     */
    @Test
    void profileBaselineAtMinSamplesAndTheProfilesAccuracy() throws Exception {
        Path ref = Files.write(dir.resolve("ref.dwp"), profile().toBytes());
        DriftPolicy policy = DriftPolicy.builder().minSamples(1000).build();
        List<ColumnReport> reports = ProfileBaseline.compare(ref, current(), List.of(), List.of(), policy);
        assertEquals(2, reports.size());
        ColumnReport x = reports.get(0);
        assertEquals(1003, x.data().baseline.rows());
        assertEquals(3, x.data().baseline.missing());
        assertEquals(1005, x.data().current.rows());
        assertEquals(5, x.data().current.missing());
        FeatureSummary cur = FeatureSummary.numeric(0.01);
        for (int i = 0; i < 1000; i++) {
            cur.add(200 + i, 1);
        }
        List<MethodScore> expected = FeatureComparison.compare(profile().summary("x"), cur, policy);
        for (MethodResult r : x.results()) {
            MethodScore s = expected.stream()
                    .filter(e -> e.method().name().equals(r.method().name()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(s.score(), r.score(), 0.0, r.method().cliName());
            if (Double.isNaN(s.threshold())) {
                assertNull(r.threshold(), r.method().cliName());
                assertNull(r.drifted(), r.method().cliName());
            } else {
                assertEquals(s.threshold(), r.threshold(), 0.0);
                assertEquals(s.exceeded(), r.drifted(), r.method().cliName());
            }
            assertEquals(
                    s.hasPValue() ? (Double) s.pValue() : null,
                    r.pValue(),
                    r.method().cliName());
        }
        MethodResult ks = x.results().stream()
                .filter(r -> r.method() == DriftMethod.KS)
                .findFirst()
                .orElseThrow();
        assertNotNull(ks.pValue());
        assertEquals(Boolean.TRUE, ks.drifted(), "D ≈ 0.2 at n = m = 1,000");
        assertEquals(true, ks.alert());
        ColumnReport colour = reports.get(1);
        assertEquals("string", colour.results().get(0).type());
        assertNotNull(colour.drifted());

        List<ColumnReport> few = ProfileBaseline.compare(
                ref,
                current(),
                List.of("x"),
                List.of(),
                DriftPolicy.builder().minSamples(1001).build());
        assertEquals(1, few.size());
        for (MethodResult r : few.get(0).results()) {
            assertNull(r.drifted(), "below min-samples: " + r.method().cliName());
        }
        assertNull(few.get(0).drifted());
    }

    @Test
    void jsonLinesWithBlanksABomAndNestedValues() throws IOException, CliException {
        Path padded = Files.writeString(dir.resolve("a.jsonl"), "\n  \n{\"x\": 1}\n{\"x\": 2, \"y\": \"b\"}\n");
        ProfileInput in = ProfileInput.read(padded);
        assertEquals(List.of("x", "y"), in.names());
        assertEquals(Arrays.asList(null, "b"), in.cells("y"));
        assertEquals(padded + " line 4", in.where(1));
        assertEquals(padded, in.file());
        Path bom = Files.writeString(dir.resolve("b.jsonl"), "\uFEFF{\"x\": 1}\n{\"x\": null}\n");
        assertEquals(Arrays.asList("1", null), ProfileInput.read(bom).cells("x"));
        Path broken = Files.writeString(dir.resolve("c.jsonl"), "{\"x\": 1}\n\n{\"x\": \n");
        CliException notJson = assertThrows(CliException.class, () -> ProfileInput.read(broken));
        assertTrue(notJson.getMessage().startsWith(broken + " line 3: not JSON: "), notJson.getMessage());
        Path nested = Files.writeString(dir.resolve("d.jsonl"), "{\"x\": 1}\n{\"x\": [1, 2]}\n");
        assertEquals(
                nested + " line 2: key 'x' holds a JSON array, expected a number, string or boolean",
                assertThrows(CliException.class, () -> ProfileInput.read(nested))
                        .getMessage());
        Path object = Files.writeString(dir.resolve("e.jsonl"), "{\"x\": {\"a\": 1}}\n");
        assertEquals(
                object + " line 1: key 'x' holds a JSON object, expected a number, string or boolean",
                assertThrows(CliException.class, () -> ProfileInput.read(object))
                        .getMessage());
    }

    /** The accuracy's bounds and one category are accepted; the table lists every column. */
    @Test
    void profileAcceptsItsBoundsAndDescribesEveryColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "x,c\n1,a\n2,a\nNA,b\n");
        for (String accuracy : new String[] {"0.0001", "0.05"}) {
            Path ref = dir.resolve("r" + accuracy + ".dwp");
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
                            "--relative-accuracy",
                            accuracy,
                            "--max-categories",
                            "1",
                            "--output",
                            ref.toString()),
                    err.toString());
            ReferenceProfile p = ReferenceProfile.fromBytes(Files.readAllBytes(ref));
            assertEquals(Double.parseDouble(accuracy), p.summary("x").numeric().relativeAccuracy());
            assertEquals("m", p.model());
            assertEquals("1", p.version());
            assertEquals("ReferenceProfile{m/1, columns=[x, c]}", p.toString());
        }
        String table = out.toString();
        assertTrue(table.contains(String.format("%-24s %-12s %12d %12d%n", "x", "numeric", 2, 1)), table);
        assertTrue(table.contains(String.format("%-24s %-12s %12d %12d%n", "c", "categorical", 3, 0)), table);
        for (String[] bad : new String[][] {
            {"--relative-accuracy", "0.051"}, {"--relative-accuracy", "0.00009"}, {"--max-categories", "0"}
        }) {
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
                            bad[0],
                            bad[1],
                            "--output",
                            dir.resolve("bad.dwp").toString()));
            assertTrue(err.toString().contains(bad[0]), err.toString());
        }
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
                        "--column",
                        "nope",
                        "--output",
                        dir.resolve("bad.dwp").toString()));
        assertTrue(err.toString().contains(csv + ": no column 'nope' (columns: [x, c])"), err.toString());
    }

    @Test
    void profileBytesEndWhereTheyShould() {
        byte[] good = profile().toBytes();
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.fromBytes(longer));
        assertTrue(e.getMessage().contains("reference profile"), e.getMessage());
        io.driftwatch.codec.ByteWriter w = new io.driftwatch.codec.ByteWriter(16);
        w.writeBytes(new byte[] {(byte) 0x89, 'D', 'W', 'P', 1});
        w.writeUtf8(" ");
        w.writeUtf8("v");
        w.writeVarLong(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.fromBytes(w.toByteArray()))
                .getMessage()
                .contains("no model name"));
        io.driftwatch.codec.ByteWriter noColumns = new io.driftwatch.codec.ByteWriter(16);
        noColumns.writeBytes(new byte[] {(byte) 0x89, 'D', 'W', 'P', 1});
        noColumns.writeUtf8("m");
        noColumns.writeUtf8("v");
        noColumns.writeVarLong(0);
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.fromBytes(noColumns.toByteArray()))
                        .getMessage()
                        .contains("no columns"));
        assertNull(profile().summary("nope"));
    }
}
