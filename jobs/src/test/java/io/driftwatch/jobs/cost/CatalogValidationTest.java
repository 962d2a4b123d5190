package io.driftwatch.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CatalogUpdates.Validation}: valid documents go on, invalid ones become dead letters with every problem. */
class CatalogValidationTest {

    final HarnessMetrics metrics = new HarnessMetrics();
    OneInputStreamOperatorTestHarness<OtlpRecord, CatalogUpdate> harness;

    static final String VALID = "use-cases: [{name: u, value-per-inference: 0.01, monthly-budget: 10}]\n";

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new CatalogUpdates.Validation("EUR")), metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        metrics.close();
    }

    static OtlpRecord record(long offset, String text) {
        return new OtlpRecord(
                "ml.cost.catalog",
                0,
                offset,
                1_000L,
                "catalog".getBytes(StandardCharsets.UTF_8),
                text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidDocumentGoesOnWithItsVersion() throws Exception {
        harness.processElement(record(0, VALID), 0);
        assertEquals(
                List.of(new CatalogUpdate(CatalogDocument.versionOf(VALID), VALID)), harness.extractOutputValues());
        assertEquals(1, metrics.count("driftwatch.cost.catalog_updates"));
        assertEquals(0, metrics.count("driftwatch.cost.invalid_catalogs"));
    }

    @Test
    void invalidDocumentsAreDeadLetteredWithEveryProblemAndCounted() throws Exception {
        String bad = "use-cases:\n  - {name: u, value-per-inference: -1, monthly-budget: 10}\n  - {name: v}\n";
        harness.processElement(record(3, bad), 0);
        harness.processElement(record(4, null), 0); // a tombstone
        harness.processElement(record(5, "currency: USD\n" + VALID), 0);
        assertEquals(List.of(), harness.extractOutputValues());
        assertEquals(3, metrics.count("driftwatch.cost.invalid_catalogs"));
        assertEquals(0, metrics.count("driftwatch.cost.catalog_updates"));
        List<DeadLetter> letters = harness.getSideOutput(CatalogUpdates.Validation.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertEquals(3, letters.size());
        DeadLetter first = letters.get(0);
        assertEquals(List.of(RejectReason.INVALID_CATALOG), first.reasons());
        assertEquals(3, first.sourceOffset());
        assertEquals(bad, new String(first.value(), StandardCharsets.UTF_8));
        String[] lines = first.detail().split("\n");
        assertEquals(
                "invalid_catalog: ml.cost.catalog@0:3:2: use-cases[0].value-per-inference: ",
                lines[0].substring(0, lines[0].indexOf("value-per-inference: ") + 21));
        assertEquals(
                true,
                lines.length >= 2 && lines[1].startsWith("invalid_catalog: ml.cost.catalog@0:3:3: use-cases[1]"),
                first.detail());
        assertEquals(
                "invalid_catalog: ml.cost.catalog@0:4: empty document: a catalog needs at least one section",
                letters.get(1).detail());
        assertEquals(
                "invalid_catalog: ml.cost.catalog@0:5: currency: the catalog is in USD but cost.currency is EUR: one currency per deployment",
                letters.get(2).detail());
    }
}
