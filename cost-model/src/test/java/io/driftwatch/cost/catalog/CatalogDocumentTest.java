package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CatalogDocumentTest {

    static final String DOC = "use-cases: [{name: u, value-per-inference: 0.01, monthly-budget: 10}]\n";

    @Test
    void theVersionIsTheFirst12HexDigitsOfTheSha256OfTheBytes() throws Exception {
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(DOC.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
        CatalogDocument d = CatalogDocument.parse(DOC, "topic");
        assertEquals(expected, d.version());
        assertEquals(CatalogDocument.versionOf(DOC), d.version());
        assertEquals(1, d.catalog().useCases().size());
        assertNotEquals(d.version(), CatalogDocument.versionOf(DOC + "# a comment\n"));
    }

    @Test
    void blankAndInvalidDocumentsAreRefusedWithTheirProblems() {
        CatalogException blank = assertThrows(CatalogException.class, () -> CatalogDocument.parse(" \n", "topic@3"));
        assertEquals(
                "topic@3: empty document: a catalog needs at least one section",
                blank.problems().get(0).toString());
        CatalogException bad = assertThrows(
                CatalogException.class,
                () -> CatalogDocument.parse(
                        "use-cases:\n  - {name: u, value-per-inference: -1, monthly-budget: 10}\n", "t"));
        assertEquals(2, bad.problems().get(0).line());
        assertEquals("use-cases[0].value-per-inference", bad.problems().get(0).path());
    }
}
