package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files written to hurt: each gives one clear problem naming the file and the key or
 * position, and the loader neither hangs nor runs out of memory (the limits are the YAML parser's own:
 * code points, nesting depth; aliases are never expanded).
 */
class HostileYamlTest {

    @TempDir
    Path dir;

    @Test
    void aBillionLaughsIsOneProblemAtItsFirstAlias() {
        StringBuilder yaml = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            yaml.append("]\n");
        }

        List<String> problems = problems(yaml.toString());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("driftwatch.yaml:" + (i + 1) + ":1: unknown key 'lol" + i + "'");
        }
        expected.add(
                2,
                "driftwatch.yaml:2:12: lol1[0]: YAML aliases (*l0) are not supported: write the value out"
                        + " (80 more aliases in the file ignored)");
        assertEquals(expected, problems);
    }

    @Test
    void aTenMegabyteFileIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "job-name: " + "x".repeat(10 << 20) + "\n");

        List<String> problems = assertThrows(ConfigException.class, () -> TestConfigs.loadFile(big))
                .problems();

        assertEquals(
                List.of(big + ": the file has 10485771 bytes, more than the 1048576 a configuration file may have"),
                problems);
    }

    @Test
    void aTenMegabyteDocumentIsRefusedBeforeItIsParsed() {
        List<String> problems = problems("job-name: " + "x".repeat(10 << 20) + "\n");

        assertEquals(
                List.of("driftwatch.yaml: the document has 10485771 characters, more than the 1048576 a configuration"
                        + " file may have"),
                problems);
    }

    @Test
    void deepNestingStopsAtTheParsersDepthLimit() {
        for (String yaml : List.of(
                "job-name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n",
                "kafka:\n" + "  x:\n".repeat(1).repeat(1) + nestedBlock(200))) {
            List<String> problems = problems(yaml);

            assertEquals(1, problems.size(), problems.toString());
            String p = problems.get(0);
            assertEquals(
                    true,
                    p.startsWith("driftwatch.yaml:")
                            && p.contains("invalid YAML: Document nesting depth (65) exceeds the maximum allowed (64"),
                    p);
        }
    }

    @Test
    void unknownKeysAndWrongTypesAreNamed() {
        assertEquals(
                List.of(
                        "driftwatch.yaml:2:3: unknown key 'ingest.max-serie-per-metric' (did you mean"
                                + " 'ingest.max-series-per-metric'?)",
                        "driftwatch.yaml:3:3: ingest.max-series-per-metric: \"lots\" is not an integer",
                        "driftwatch.yaml:4:3: ingest.max-record-bytes: expected a size, got a list"),
                problems("""
                        ingest:
                          max-serie-per-metric: 5
                          max-series-per-metric: lots
                          max-record-bytes: [1, 2]
                        """));
    }

    private static String nestedBlock(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append("  ".repeat(i + 2)).append("k").append(i).append(":\n");
        }
        sb.append("  ".repeat(depth + 2)).append("v\n");
        return sb.toString();
    }
}
