package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An entry whose {@code effective-from} is rejected takes no place in its subject's order: the subject's
 * next entry is judged as if the rejected one were not there, so each bad date gives exactly one problem.
 */
class RejectedDatesTest {

    @Test
    void aRejectedDateDoesNotCountAsTheSubjectsPreviousEntry() {
        String yaml = """
                tokens:
                  - {model: a, input: 1, output: 2, effective-from: 20.01.2026}
                  - {model: a, input: 1, output: 3}
                  - {model: b, input: 1, output: 2, effective-from: 2026-01-20T10:30:00Z}
                  - {model: b, input: 1, output: 3}
                """;
        CatalogException e = assertThrows(CatalogException.class, () -> new CatalogReader().parse(yaml, "bad.yaml"));
        List<String> problems =
                e.problems().stream().map(CatalogProblem::toString).toList();
        assertEquals(
                List.of(
                        "bad.yaml:2: tokens[0].effective-from: must be an RFC 3339 date-time with offset"
                                + " (2026-01-20T00:00:00Z) or a date (2026-01-20), got string '20.01.2026'",
                        "bad.yaml:4: tokens[2].effective-from: must be on a whole UTC hour (hours are priced whole),"
                                + " got 2026-01-20T10:30:00Z"),
                problems);
    }
}
