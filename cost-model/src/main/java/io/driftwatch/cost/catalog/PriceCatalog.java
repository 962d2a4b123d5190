package io.driftwatch.cost.catalog;

import io.driftwatch.cost.money.Money;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A validated, immutable price catalog: GPU hourly rates, which GPU serves which model, token prices
 * per model and use cases with their value per inference and monthly budget. All amounts are in
 * {@link #currency()}, the deployment's only currency. Read one with {@link CatalogReader}.
 *
 * <p>Entries may carry an {@code effective-from} instant: an entry is in force from then until the
 * next entry for the same subject. {@link #at(long)} gives the prices in force at an instant; the
 * lookups of this object itself give the prices in force before the first effective date (the entries
 * without one). A catalog without effective dates is its own {@link #at(long)} at every instant.
 */
public final class PriceCatalog implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Currency currency;
    private final Map<String, GpuRate> ratesByTypeAndProvider;
    private final Map<String, GpuAssignment> assignmentsByModel;
    private final Map<String, TokenPrice> tokenPricesByModel;
    private final Map<String, UseCase> useCasesByName;
    // the prices in force from each effective date on (empty for a catalog without dates)
    private final NavigableMap<Long, PriceCatalog> later;

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
        this(currency, rates, assignments, tokenPrices, useCases, new TreeMap<>());
    }

    private PriceCatalog(
            Currency currency,
            List<GpuRate> rates,
            List<GpuAssignment> assignments,
            List<TokenPrice> tokenPrices,
            List<UseCase> useCases,
            NavigableMap<Long, PriceCatalog> later) {
        this.later = Collections.unmodifiableNavigableMap(later);
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

    /**
     * Builds a catalog from dated entries: at every instant, each subject (GPU type and provider, model,
     * use case) has its last entry whose {@code fromMillis} is not after that instant.
     *
     * @throws IllegalArgumentException if at some instant a model is assigned to a GPU without a rate
     */
    static PriceCatalog dated(
            Currency currency,
            List<Dated<GpuRate>> rates,
            List<Dated<GpuAssignment>> assignments,
            List<Dated<TokenPrice>> tokenPrices,
            List<Dated<UseCase>> useCases) {
        TreeSet<Long> instants = new TreeSet<>();
        instants.add(Long.MIN_VALUE);
        for (List<? extends Dated<?>> l : List.of(rates, assignments, tokenPrices, useCases)) {
            l.forEach(d -> instants.add(d.fromMillis()));
        }
        NavigableMap<Long, PriceCatalog> later = new TreeMap<>();
        for (long at : instants.tailSet(Long.MIN_VALUE, false)) {
            later.put(at, inForce(currency, rates, assignments, tokenPrices, useCases, at, new TreeMap<>()));
        }
        return inForce(currency, rates, assignments, tokenPrices, useCases, Long.MIN_VALUE, later);
    }

    private static PriceCatalog inForce(
            Currency currency,
            List<Dated<GpuRate>> rates,
            List<Dated<GpuAssignment>> assignments,
            List<Dated<TokenPrice>> tokenPrices,
            List<Dated<UseCase>> useCases,
            long at,
            NavigableMap<Long, PriceCatalog> later) {
        return new PriceCatalog(
                currency,
                inForce(rates, at, r -> key(r.type(), r.provider())),
                inForce(assignments, at, GpuAssignment::model),
                inForce(tokenPrices, at, TokenPrice::model),
                inForce(useCases, at, UseCase::name),
                later);
    }

    /** Per subject, in order of first appearance, the last entry in force at {@code at}. */
    private static <T> List<T> inForce(List<Dated<T>> entries, long at, Function<T, String> subject) {
        Map<String, T> current = new LinkedHashMap<>();
        for (Dated<T> d : entries) {
            if (d.fromMillis() <= at) {
                current.put(subject.apply(d.value()), d.value());
            }
        }
        return new ArrayList<>(current.values());
    }

    /** The prices in force at {@code epochMillis} (this catalog itself when it has no effective dates). */
    public PriceCatalog at(long epochMillis) {
        Map.Entry<Long, PriceCatalog> e = later.floorEntry(epochMillis);
        return e == null ? this : e.getValue();
    }

    /** The instants at which some price changes, ascending; empty for a catalog without effective dates. */
    public List<Instant> effectiveDates() {
        return later.keySet().stream().map(Instant::ofEpochMilli).toList();
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
                && useCasesByName.equals(c.useCasesByName)
                && later.equals(c.later);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                currency, ratesByTypeAndProvider, assignmentsByModel, tokenPricesByModel, useCasesByName, later);
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
