package io.driftwatch.cost.catalog;

import io.driftwatch.cost.money.Money;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated, immutable price catalog: GPU hourly rates, which GPU serves which model, token prices
 * per model and use cases with their value per inference and monthly budget. All amounts are in
 * {@link #currency()}, the deployment's only currency. Read one with {@link CatalogReader}.
 */
public final class PriceCatalog implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Currency currency;
    private final Map<String, GpuRate> ratesByTypeAndProvider;
    private final Map<String, GpuAssignment> assignmentsByModel;
    private final Map<String, TokenPrice> tokenPricesByModel;
    private final Map<String, UseCase> useCasesByName;

    /**
     * Builds a catalog from already validated entries.
     *
     * @throws IllegalArgumentException on duplicate entries or a model assigned to a GPU type and
     *     provider without a rate (use {@link CatalogReader} for user-facing validation)
     */
    public PriceCatalog(
            Currency currency,
            List<GpuRate> rates,
            List<GpuAssignment> assignments,
            List<TokenPrice> tokenPrices,
            List<UseCase> useCases) {
        this.currency = Objects.requireNonNull(currency, "currency");
        this.ratesByTypeAndProvider = index(rates, r -> key(r.type(), r.provider()), "GPU rate");
        this.assignmentsByModel = index(assignments, GpuAssignment::model, "GPU model assignment");
        this.tokenPricesByModel = index(tokenPrices, TokenPrice::model, "token price");
        this.useCasesByName = index(useCases, UseCase::name, "use case");
        for (GpuAssignment a : assignments) {
            if (!ratesByTypeAndProvider.containsKey(key(a.type(), a.provider()))) {
                throw new IllegalArgumentException("model " + a.model() + " is assigned to GPU type " + a.type()
                        + " at provider " + a.provider() + ", which has no rate");
            }
        }
    }

    public Currency currency() {
        return currency;
    }

    /** The hourly rate of the GPU type and provider, if the catalog has one. */
    public Optional<GpuRate> gpuRate(String type, String provider) {
        return Optional.ofNullable(ratesByTypeAndProvider.get(key(type, provider)));
    }

    /** The GPU type and provider serving {@code model}, if the catalog maps it. */
    public Optional<GpuAssignment> gpuAssignment(String model) {
        return Optional.ofNullable(assignmentsByModel.get(model));
    }

    /** The hourly rate of one GPU serving {@code model}, if the catalog maps the model to a GPU. */
    public Optional<Money> gpuHourlyRate(String model) {
        return gpuAssignment(model)
                .map(a ->
                        ratesByTypeAndProvider.get(key(a.type(), a.provider())).hourly());
    }

    public Optional<TokenPrice> tokenPrice(String model) {
        return Optional.ofNullable(tokenPricesByModel.get(model));
    }

    public Optional<UseCase> useCase(String name) {
        return Optional.ofNullable(useCasesByName.get(name));
    }

    public Collection<GpuRate> gpuRates() {
        return ratesByTypeAndProvider.values();
    }

    public Collection<GpuAssignment> gpuAssignments() {
        return assignmentsByModel.values();
    }

    public Collection<TokenPrice> tokenPrices() {
        return tokenPricesByModel.values();
    }

    public Collection<UseCase> useCases() {
        return useCasesByName.values();
    }

    /** An empty catalog in {@code currency}: nothing is priced. */
    public static PriceCatalog empty(Currency currency) {
        return new PriceCatalog(currency, List.of(), List.of(), List.of(), List.of());
    }

    /** Equal when every entry is equal (a catalog travels with the job's settings, which are compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PriceCatalog c
                && currency.equals(c.currency)
                && ratesByTypeAndProvider.equals(c.ratesByTypeAndProvider)
                && assignmentsByModel.equals(c.assignmentsByModel)
                && tokenPricesByModel.equals(c.tokenPricesByModel)
                && useCasesByName.equals(c.useCasesByName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(currency, ratesByTypeAndProvider, assignmentsByModel, tokenPricesByModel, useCasesByName);
    }

    private static String key(String type, String provider) {
        return type + '\u0000' + provider;
    }

    private static <T> Map<String, T> index(List<T> entries, Function<T, String> keyOf, String what) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T e : entries) {
            if (map.putIfAbsent(keyOf.apply(e), e) != null) {
                throw new IllegalArgumentException("duplicate " + what + ": " + e);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
