package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The rule file the demo replays holds the field report's rules as the HTML report quotes them
 * ({@link HtmlReport#FIELD_REPORT_RULES}), in one hourly group that reads only the raw series and
 * labels what it records; and Debian's vmalert accepts it.
 */
class FieldReportRulesTest {

    @Test
    @SuppressWarnings("unchecked")
    void theReplayedRulesAreTheQuotedOnesInOneLabelledHourlyGroup(@TempDir Path tmp) throws Exception {
        String text;
        try (InputStream in = FieldReportReplay.class.getResourceAsStream(FieldReportReplay.RULES)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> groups = (List<Map<String, Object>>)
                new Yaml().<Map<String, Object>>load(text).get("groups");
        assertEquals(1, groups.size());
        Map<String, Object> group = groups.get(0);
        assertEquals("ml_baseline", group.get("name"));
        assertEquals("1h", group.get("interval"));
        assertEquals(Map.of("extra_filters", List.of("{instance!=\"\"}")), group.get("params"));
        assertEquals(Map.of("source", "field-report"), group.get("labels"));
        assertEquals("source=\"field-report\"", FieldReportReplay.SOURCE);

        assertEquals(rules(new Yaml().load(HtmlReport.FIELD_REPORT_RULES)), rules(group.get("rules")));

        Path file = Files.writeString(tmp.resolve("rules.yaml"), text);
        Process vmalert = new ProcessBuilder("/usr/bin/vmalert", "-dryRun", "-rule=" + file)
                .redirectErrorStream(true)
                .start();
        String output = new String(vmalert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(vmalert.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, vmalert.exitValue(), output);
    }

    /** record → expression with its whitespace collapsed. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> rules(Object list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) list) {
            out.put(
                    rule.get("record").toString(),
                    rule.get("expr").toString().replaceAll("\\s+", "").trim());
        }
        return out;
    }
}
