package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.money.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {

    private static final String VALID = """
            currency: EUR
            gpu:
              rates:
                - {type: A100, provider: aws, hourly: 2.50}
                - {type: L4, provider: gcp, hourly: 0.7}
              models:
                - {model: llama-3-8b, type: A100, provider: aws}
            tokens:
              - {model: gpt-4o, input: 2.50, output: 10.00}
            use-cases:
              - {name: maintenance_assistant, value-per-inference: 0.50, monthly-budget: 2000}
            """;

    private final CatalogReader reader = new CatalogReader();

    @Test
    void readsTheExampleCatalogExactly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, VALID);
        PriceCatalog c = reader.read(file);
        assertEquals(Currency.getInstance("EUR"), c.currency());
        assertEquals(Optional.of(Money.parse("2.5")), c.gpuHourlyRate("llama-3-8b"));
        assertEquals(Optional.of(new GpuRate("L4", "gcp", Money.ofMicros(700_000))), c.gpuRate("L4", "gcp"));
        assertEquals(Optional.empty(), c.gpuHourlyRate("gpt-4o"));
        assertEquals(
                Optional.of(new TokenPrice("gpt-4o", Money.parse("2.5"), Money.parse("10"))), c.tokenPrice("gpt-4o"));
        assertEquals(
                Optional.of(new UseCase("maintenance_assistant", Money.parse("0.5"), Money.parse("2000"))),
                c.useCase("maintenance_assistant"));
    }

    @Test
    void currencyDefaultsToEuroAndSectionsAreOptional() throws Exception {
        PriceCatalog c = reader.parse("tokens:\n  - {model: m, input: 0.1, output: 0.3}\n", "t.yaml");
        assertEquals("EUR", c.currency().getCurrencyCode());
        assertEquals(Money.parse("0.1"), c.tokenPrice("m").orElseThrow().inputPerMillion());
        assertEquals("USD", reader.parse("currency: USD\n", "u.yaml").currency().getCurrencyCode());
    }

    @Test
    void unknownKeys() {
        assertProblem(
                """
                currency: EUR
                gpus: {}
                tokens:
                  - {model: m, input: 1, output: 2, cached: 0.5}
                """, "bad.yaml:2: gpus: unknown key 'gpus'", "bad.yaml:4: tokens[0].cached: unknown key 'cached'");
    }

    @Test
    void missingRequiredFields() {
        assertProblem(
                """
                gpu:
                  rates:
                    - {type: A100, hourly: 2}
                use-cases:
                  - name: x
                    value-per-inference:
                    monthly-budget: 10
                """,
                "bad.yaml:3: gpu.rates[0]: missing required field 'provider'",
                "bad.yaml:6: use-cases[0].value-per-inference: missing required field 'value-per-inference'");
    }

    @Test
    void negativeNonNumericAndTooPrecisePrices() {
        assertProblem(
                """
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: -2.5}
                tokens:
                  - model: m
                    input: "2.50"
                    output: 0.0000001
                """,
                "bad.yaml:3: gpu.rates[0].hourly: must not be negative, got -2.5",
                "bad.yaml:6: tokens[0].input: must be a number, got string '2.50'",
                "bad.yaml:7: tokens[0].output: must have at most 6 decimal places");
    }

    @Test
    void duplicateEntriesAndDuplicateKeys() {
        assertProblem(
                """
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: 2}
                    - {type: A100, provider: aws, hourly: 3}
                tokens:
                  - {model: m, input: 1, output: 2}
                  - {model: m, input: 1, output: 2}
                use-cases:
                  - {name: u, value-per-inference: 1, monthly-budget: 2}
                  - {name: u, value-per-inference: 1, monthly-budget: 2, name: v}
                """,
                "bad.yaml:4: gpu.rates[1]: duplicate GPU rate for type A100 and provider aws (first at gpu.rates[0])",
                "bad.yaml:7: tokens[1]: duplicate token price for model m (first at tokens[0])",
                "bad.yaml:10: use-cases[1].name: duplicate key");
    }

    @Test
    void unknownCurrency() {
        assertProblem("currency: XYZ\n", "bad.yaml:1: currency: unknown ISO 4217 currency code 'XYZ'");
        assertProblem("currency: eur\n", "bad.yaml:1: currency: must be an ISO 4217 currency code");
    }

    @Test
    void modelMappedToUnknownGpuType() {
        assertProblem(
                """
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: 2}
                  models:
                    - {model: llama, type: H100, provider: aws}
                """, "bad.yaml:5: gpu.models[0].type: model llama is mapped to unknown GPU type H100 at provider aws");
    }

    @Test
    void syntaxErrorsAndWrongShapes() {
        assertProblem(
                "gpu: [unclosed\n",
                "bad.yaml:2: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
        assertProblem("- a\n- b\n", "bad.yaml:1: the catalog must be a mapping, got a list");
        assertProblem("tokens: {model: m}\n", "bad.yaml:1: tokens: must be a list, got a mapping");
        assertProblem("", "bad.yaml: the catalog is empty");
        assertProblem("12: 3\n", "bad.yaml:1: 12: unknown key '12'");
        assertProblem(
                "gpu:\n  rates:\n    - {type: 5, provider: p, hourly: true}\n",
                "bad.yaml:3: gpu.rates[0].type: must be a non-empty string, got number 5",
                "bad.yaml:3: gpu.rates[0].hourly: must be a number, got boolean true");
        assertProblem(
                "gpu:\n  rates:\n    - {type: A, provider: p, hourly: .nan}\n",
                "bad.yaml:3: not valid YAML: Malformed numeric value '.nan'");
    }

    @Test
    void collectsEveryProblemAtOnce() {
        CatalogException e = assertThrows(CatalogException.class, () -> reader.parse("""
                currency: XXY
                tokens:
                  - {model: m, input: -1, output: x}
                use-cases:
                  - {name: u}
                """, "all.yaml"));
        assertEquals(5, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid price catalog (5 problems)"), e.getMessage());
    }

    private void assertProblem(String yaml, String... expectedPrefixes) {
        CatalogException e = assertThrows(CatalogException.class, () -> reader.parse(yaml, "bad.yaml"));
        List<String> problems =
                e.problems().stream().map(CatalogProblem::toString).toList();
        assertEquals(expectedPrefixes.length, problems.size(), () -> "problems: " + problems);
        for (int i = 0; i < expectedPrefixes.length; i++) {
            String expected = expectedPrefixes[i];
            String actual = problems.get(i);
            assertTrue(actual.startsWith(expected), () -> "expected '" + expected + "…' but was '" + actual + "'");
            assertTrue(e.getMessage().contains(actual), e::getMessage);
        }
    }
}
