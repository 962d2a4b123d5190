package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    private static final Path FILE = Path.of("t.csv");

    @Test
    void parsesQuotedFieldsWithCommasQuotesAndLineBreaks() throws CliException {
        CsvTable t = CsvTable.parse(FILE, "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n,\n");
        assertEquals(List.of("a", "b"), t.header());
        assertEquals(3, t.size());
        assertEquals("x, y", t.value(0, 0));
        assertEquals("say \"hi\"", t.value(0, 1));
        assertEquals("multi\nline", t.value(1, 0));
        assertEquals(2, t.line(0));
        assertEquals(3, t.line(1));
        assertEquals(5, t.line(2));
        assertEquals("", t.value(2, 1));
    }

    @Test
    void lastRecordWithoutNewlineAndBlankLinesSkipped() throws CliException {
        CsvTable t = CsvTable.parse(FILE, "\uFEFFv\n1\n\n2");
        assertEquals(List.of("v"), t.header());
        assertEquals(2, t.size());
        assertEquals("2", t.value(1, 0));
        assertEquals(4, t.line(1));
    }

    @Test
    void errorsNameFileAndLine() {
        CliException fields = assertThrows(CliException.class, () -> CsvTable.parse(FILE, "a,b\n1,2\n3\n"));
        assertTrue(fields.getMessage().contains("t.csv line 3"), fields.getMessage());
        CliException quote = assertThrows(CliException.class, () -> CsvTable.parse(FILE, "a\n\"open\n"));
        assertTrue(
                quote.getMessage().contains("line 2") && quote.getMessage().contains("unterminated"),
                quote.getMessage());
        assertThrows(CliException.class, () -> CsvTable.parse(FILE, "a\nx\"y\n"));
        assertThrows(CliException.class, () -> CsvTable.parse(FILE, ""));
    }
}
