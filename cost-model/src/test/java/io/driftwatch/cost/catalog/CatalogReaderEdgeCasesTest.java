package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.cost.money.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems {@link CatalogReaderTest} leaves out, each asserted with its whole message. */
class CatalogReaderEdgeCasesTest {

    private final CatalogReader reader = new CatalogReader();

    private List<String> problems(String yaml) {
        CatalogException e = assertThrows(CatalogException.class, () -> reader.parse(yaml, "c.yaml"));
        return e.problems().stream().map(CatalogProblem::toString).toList();
    }

    @Test
    void unknownKeyNamesTheAllowedOnes() {
        assertEquals(
                List.of("c.yaml:1: bogus: unknown key 'bogus' (allowed: [currency, gpu, tokens, use-cases])"),
                problems("bogus: 1\n"));
        assertEquals(
                List.of("c.yaml:1: gpu.extra: unknown key 'extra' (allowed: [models, rates])"),
                problems("gpu: {rates: [], extra: 1}\n"));
    }

    @Test
    void wrongShapes() {
        assertEquals(
                List.of("c.yaml:1: gpu: must be a mapping with keys rates and models, got number 5"),
                problems("gpu: 5\n"));
        assertEquals(
                List.of(
                        "c.yaml:1: tokens[0]: must be a mapping with keys [effective-from, input, model, output], got number 5"),
                problems("tokens: [5]\n"));
    }

    @Test
    void entriesMissingTheirNameAreEachReportedOnce() {
        assertEquals(
                List.of(
                        "c.yaml:2: tokens[0]: missing required field 'model'",
                        "c.yaml:3: tokens[1]: missing required field 'model'"),
                problems("tokens:\n  - {input: 1, output: 2}\n  - {input: 1, output: 2}\n"));
        assertEquals(
                List.of(
                        "c.yaml:2: tokens[0].model: must be a non-empty string, got string ' '",
                        "c.yaml:3: tokens[1].model: must be a non-empty string, got string ' '"),
                problems("tokens:\n  - {model: ' ', input: 1, output: 2}\n  - {model: ' ', input: 1, output: 2}\n"));
    }

    @Test
    void duplicateAssignmentsAndUseCases() {
        assertEquals(
                List.of("c.yaml:7: gpu.models[1]: duplicate GPU assignment for model m (first at gpu.models[0])"),
                problems("""
                        gpu:
                          rates:
                            - {type: A, provider: p, hourly: 1}
                            - {type: B, provider: p, hourly: 2}
                          models:
                            - {model: m, type: A, provider: p}
                            - {model: m, type: B, provider: p}
                        """));
        assertEquals(List.of("c.yaml:3: use-cases[1]: duplicate use case u (first at use-cases[0])"), problems("""
                        use-cases:
                          - {name: u, value-per-inference: 1, monthly-budget: 2}
                          - {name: u, value-per-inference: 3, monthly-budget: 4}
                        """));
    }

    @Test
    void zeroIsAValidAmount() throws Exception {
        PriceCatalog c = reader.parse(
                "gpu:\n  rates:\n    - {type: A, provider: p, hourly: 0}\n"
                        + "use-cases:\n  - {name: free, value-per-inference: 0, monthly-budget: 0.000001}\n",
                "c.yaml");
        assertEquals(Money.ZERO, c.gpuRate("A", "p").orElseThrow().hourly());
        assertEquals(
                new UseCase("free", Money.ZERO, Money.ofMicros(1)),
                c.useCase("free").orElseThrow());
    }
}
