package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.reference.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/**
 * The messages users read when compare's policy, a CSV cell, a --type or publish's inputs are wrong, and
 * the exit code of --fail-on-drift with a profile baseline. publish's sending is tested against a real broker
 * in devstack's ReferenceBaselineITCase; here only what it refuses before connecting.
 */
class CliMessagesTest extends CliTestBase {

    @TempDir
    Path dir;

    private static String problems(Path config, String... sets) {
        return assertThrows(CliException.class, () -> PolicySource.load(config, List.of(sets)))
                .getMessage();
    }

    @Test
    void policyKeysWithListsMappingsAndNulls() throws Exception {
        Path f = Files.writeString(
                dir.resolve("d.yaml"), "drift:\n  bins: [1, 2]\n  ks-alpha: {a: 1}\n  js-threshold: ~\n");
        assertEquals(
                f + ":2:3: drift.bins: expected a single value, got a list\n" + f
                        + ":3:3: drift.ks-alpha: expected a single value, got a mapping",
                problems(f));
        Path nulls = Files.writeString(dir.resolve("n.yaml"), "drift:\n  js-threshold: ~\n");
        assertEquals(DriftPolicy.defaults(), PolicySource.load(nulls, List.of()));
        assertEquals(
                Method.PSI,
                PolicySource.load(null, List.of("drift.numeric-alert-method=PSI"))
                        .numericAlertMethod());
    }

    /** Aliases of collections are refused (no "billion laughs"), as the job's loader does. */
    @Test
    void yamlAliasesAreRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("a.yaml"), "x: &a [1, 2]\ny: *a\ndrift:\n  bins: 20\n");
        String message = problems(f);
        assertTrue(message.startsWith(f + ": invalid YAML: "), message);
    }

    @Test
    void setArgumentsAndSuggestions() {
        assertEquals("--set =5: compare reads only the drift.* keys of the job's configuration", problems(null, "=5"));
        assertEquals(
                "--set drift.bins: expected KEY=VALUE, e.g. --set drift.ks-min-d=0.05", problems(null, "drift.bins"));
        // psi-threshold and js-threshold are both one edit away: the first listed is suggested
        assertEquals(
                "--set drift.ps-threshold=1: unknown key 'drift.ps-threshold' (did you mean 'drift.psi-threshold'?)",
                problems(null, "drift.ps-threshold=1"));
    }

    @Test
    void csvCellsWithBlanksQuotesAndTextAfterAQuote() throws CliException {
        Path file = Path.of("t.csv");
        CsvTable t = CsvTable.parse(file, "x,y\n\"2.5\", NA \n1,  ");
        assertEquals(2.5, t.number(0, 0));
        assertTrue(t.isMissing(0, 1), "' NA ' is missing");
        assertTrue(t.isMissing(1, 1), "blanks at the end of the file are missing");
        assertEquals(1.0, t.number(1, 0));
        assertEquals(
                "t.csv line 2: text after a closing quote",
                assertThrows(CliException.class, () -> CsvTable.parse(file, "x,y\n\"a\"b,c\n"))
                        .getMessage());
    }

    @Test
    void typeNeedsAName() {
        assertEquals(
                "expected NAME=numeric or NAME=string, got '=numeric'",
                assertThrows(
                                TypeConversionException.class,
                                () -> new CompareCommand.TypeConverter().convert("=numeric"))
                        .getMessage());
        assertEquals(
                Map.entry("a=b", ColumnData.Type.STRING),
                new CompareCommand.TypeConverter().convert("a=b=categorical"));
    }

    /** A profile baseline that drifts: exit code 3 with --fail-on-drift, 0 without. */
    @Test
    void failOnDriftWithAProfileBaseline() throws IOException {
        FeatureSummary x = FeatureSummary.numeric(0.01);
        StringBuilder cur = new StringBuilder("x\n");
        for (int i = 0; i < 2000; i++) {
            x.add(i % 1000, 1);
            cur.append(i % 1000 + 500).append('\n');
        }
        Path ref = Files.write(
                dir.resolve("r.dwp"),
                new ReferenceProfile("m", "1", Map.of("x", new ReferenceProfile.Column(x, 0))).toBytes());
        Path current = Files.writeString(dir.resolve("c.csv"), cur);
        assertEquals(
                3, run("compare", "--baseline", ref.toString(), "--current", current.toString(), "--fail-on-drift"));
        assertEquals(0, run("compare", "--baseline", ref.toString(), "--current", current.toString()));
    }

    @Test
    void publishRefusesWhatItCannotSend() throws IOException {
        FeatureSummary one = FeatureSummary.numeric(0.01);
        one.add(1.0, 1);
        Path ref = Files.write(
                dir.resolve("r.dwp"),
                new ReferenceProfile("m", "1", Map.of("x", new ReferenceProfile.Column(one, 0))).toBytes());
        Path secret = Files.writeString(
                dir.resolve("s.yaml"),
                "kafka:\n  properties:\n    sasl.jaas.config: \"${DRIFTWATCH_TEST_UNSET_JAAS}\"\n");
        assertEquals(2, run("publish", "--profile", ref.toString(), "--config", secret.toString()));
        assertTrue(
                err.toString()
                        .contains(secret + ": kafka.properties.sasl.jaas.config: environment variable"
                                + " DRIFTWATCH_TEST_UNSET_JAAS is not set"),
                err.toString());
        Path nested = Files.writeString(dir.resolve("l.yaml"), "kafka:\n  properties:\n    a: [1]\n");
        assertEquals(2, run("publish", "--profile", ref.toString(), "--config", nested.toString()));
        assertTrue(err.toString().contains(nested + ": kafka.properties.a must be a scalar value"), err.toString());
        Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n");
        assertEquals(2, run("publish", "--profile", ref.toString(), "--config", list.toString()));
        assertTrue(
                err.toString().contains(list + ": expected a YAML mapping (the job's configuration)"), err.toString());
        Path plain = Files.writeString(dir.resolve("p.yaml"), "kafka:\n  properties:\n    acks: all\n");
        assertEquals(2, run("publish", "--profile", ref.toString(), "--config", plain.toString()));
        assertTrue(
                err.toString().contains("no brokers: give --bootstrap-servers, or --config with them"), err.toString());
        Path csv = Files.writeString(dir.resolve("x.csv"), "x\n1\n");
        assertEquals(2, run("publish", "--profile", csv.toString(), "--bootstrap-servers", "127.0.0.1:1"));
        assertTrue(err.toString().contains(csv + ": not a reference profile"), err.toString());
        assertEquals(2, run("publish", "--profile", dir.resolve("none.dwp").toString(), "--bootstrap-servers", "h:1"));
        assertTrue(err.toString().contains("file not found: " + dir.resolve("none.dwp")), err.toString());
    }
}
