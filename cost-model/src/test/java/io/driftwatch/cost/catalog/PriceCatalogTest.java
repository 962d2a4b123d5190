package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.money.Money;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final GpuRate A100 = new GpuRate("A100", "aws", Money.parse("2.5"));
    private static final GpuRate L4 = new GpuRate("L4", "gcp", Money.parse("0.7"));
    private static final GpuAssignment LLAMA = new GpuAssignment("llama", "A100", "aws");
    private static final TokenPrice GPT = new TokenPrice("gpt", Money.parse("2.5"), Money.parse("10"));
    private static final UseCase SEARCH = new UseCase("search", Money.parse("0.02"), Money.parse("500"));

    private static PriceCatalog catalog(Currency currency, List<UseCase> useCases) {
        return new PriceCatalog(currency, List.of(A100, L4), List.of(LLAMA), List.of(GPT), useCases);
    }

    @Test
    void listsEveryEntryInInputOrder() {
        PriceCatalog c = catalog(EUR, List.of(SEARCH));
        assertEquals(List.of(A100, L4), List.copyOf(c.gpuRates()));
        assertEquals(List.of(LLAMA), List.copyOf(c.gpuAssignments()));
        assertEquals(List.of(GPT), List.copyOf(c.tokenPrices()));
        assertEquals(List.of(SEARCH), List.copyOf(c.useCases()));
        assertEquals(Money.parse("2.5"), c.gpuHourlyRate("llama").orElseThrow());
    }

    @Test
    void theEmptyCatalogPricesNothing() {
        PriceCatalog empty = PriceCatalog.empty(Currency.getInstance("USD"));
        assertEquals("USD", empty.currency().getCurrencyCode());
        assertTrue(empty.gpuRates().isEmpty()
                && empty.gpuAssignments().isEmpty()
                && empty.tokenPrices().isEmpty()
                && empty.useCases().isEmpty());
        assertEquals(new PriceCatalog(Currency.getInstance("USD"), List.of(), List.of(), List.of(), List.of()), empty);
    }

    @Test
    void equalWhenEveryEntryIsEqual() {
        PriceCatalog c = catalog(EUR, List.of(SEARCH));
        PriceCatalog same = catalog(EUR, List.of(SEARCH));
        assertEquals(c, same);
        assertEquals(c.hashCode(), same.hashCode());
        assertNotEquals(c, "not a catalog");
        assertNotEquals(c, catalog(Currency.getInstance("USD"), List.of(SEARCH)));
        assertNotEquals(c, new PriceCatalog(EUR, List.of(A100), List.of(LLAMA), List.of(GPT), List.of(SEARCH)));
        assertNotEquals(c, new PriceCatalog(EUR, List.of(A100, L4), List.of(), List.of(GPT), List.of(SEARCH)));
        assertNotEquals(c, new PriceCatalog(EUR, List.of(A100, L4), List.of(LLAMA), List.of(), List.of(SEARCH)));
        assertNotEquals(c, catalog(EUR, List.of()));
        // hashCode depends on the entries (the catalog travels with compared job settings)
        assertNotEquals(c.hashCode(), catalog(EUR, List.of()).hashCode());
    }

    @Test
    void duplicatesAndUnpricedAssignmentsAreRefused() {
        IllegalArgumentException dup = assertThrows(
                IllegalArgumentException.class,
                () -> new PriceCatalog(EUR, List.of(A100, A100), List.of(), List.of(), List.of()));
        assertTrue(dup.getMessage().startsWith("duplicate GPU rate: "), dup.getMessage());
        IllegalArgumentException unpriced = assertThrows(
                IllegalArgumentException.class,
                () -> new PriceCatalog(EUR, List.of(L4), List.of(LLAMA), List.of(), List.of()));
        assertEquals(
                "model llama is assigned to GPU type A100 at provider aws, which has no rate", unpriced.getMessage());
    }
}
