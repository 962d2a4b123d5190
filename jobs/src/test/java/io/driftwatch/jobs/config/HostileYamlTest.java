package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
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

        assertEquals(
                List.of(
                        "driftwatch.yaml:2:9: lol1[0]: YAML aliases (*l0) are not supported: write the value out"
                                + " (80 more aliases in the file ignored)",
                        "driftwatch.yaml:1:1: unknown key 'lol0'",
                        "driftwatch.yaml:2:1: unknown key 'lol1'",
                        "driftwatch.yaml:3:1: unknown key 'lol2'",
                        "driftwatch.yaml:4:1: unknown key 'lol3'",
                        "driftwatch.yaml:5:1: unknown key 'lol4'",
                        "driftwatch.yaml:6:1: unknown key 'lol5'",
                        "driftwatch.yaml:7:1: unknown key 'lol6'",
                        "driftwatch.yaml:8:1: unknown key 'lol7'",
                        "driftwatch.yaml:9:1: unknown key 'lol8'",
                        "driftwatch.yaml:10:1: unknown key 'lol9'"),
                problems);
    }

    @Test
    void aTenMegabyteFileIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "job-name: " + "x".repeat(10 << 20) + "\n");

        List<String> problems = assertThrows(ConfigException.class, () -> TestConfigs.loadFile(big))
                .problems();

        assertEquals(
                List.of(big + ":0:0: the file has 10485771 bytes, more than the 1048576 a configuration file may have"),
                problems);
    }

    @Test
    void aTenMegabyteDocumentStopsAtTheParsersCodePointLimit() {
        List<String> problems = problems("job-name: " + "x".repeat(10 << 20) + "\n");

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(
                "driftwatch.yaml:1:1: invalid YAML: The incoming YAML document exceeds the limit: 1048576 code points.",
                problems.get(0));
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
                        "driftwatch.yaml:3:3: ingest.max-series-per-metric: \"lots\" is not an integer",
                        "driftwatch.yaml:4:3: ingest.max-record-bytes: \"[1, 2]\" is not a byte size (use e.g. 512B,"
                                + " 64KiB, 4MiB, 5MB or a plain number of bytes)",
                        "driftwatch.yaml:2:3: unknown key 'ingest.max-serie-per-metric' (did you mean"
                                + " 'ingest.max-series-per-metric'?)"),
                problems(
                        """
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
