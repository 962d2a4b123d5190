package io.driftwatch.jobs.config;

import io.driftwatch.cost.catalog.PriceCatalog;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The cost analytics (key {@code cost}).
 *
 * @param enabled whether the cost pipeline runs
 * @param catalogFile the price catalog file as given ({@code cost.catalog-file}); empty when disabled
 * @param catalog the validated catalog read from {@code catalogFile} at start-up (empty when disabled)
 * @param currency the ISO 4217 code of the catalog's currency, the {@code currency} label of money series
 * @param metrics the OTLP names of the input metrics
 * @param shareFactor a use case is anomalous when its share of GPU cost exceeds this times its share of volume
 * @param projectionDays full days of the recent daily rate behind the projected month-end cost
 * @param idle how idle GPU capacity is measured and allocated
 * @param errors which inferences failed: priced, but they deliver no value
 * @param catalogVersion the version of the catalog file ({@code CatalogDocument#versionOf} its text)
 * @param catalogTopic compacted Kafka topic of catalog updates ({@code cost.catalog-topic}); empty: off
 * @param spike the week-aware hourly spend check ({@code cost.spike})
 * @param reprice a bounded re-pricing run instead of the live analysis ({@code cost.reprice}); off by default
 */
public record CostConfig(
        boolean enabled,
        String catalogFile,
        PriceCatalog catalog,
        String currency,
        CostMetricsConfig metrics,
        double shareFactor,
        int projectionDays,
        IdleConfig idle,
        ErrorsConfig errors,
        String catalogVersion,
        String catalogTopic,
        SpikeConfig spike,
        RepriceConfig reprice)
        implements Serializable {

    /** No inference counts as failed unless its {@code status} is {@code error}. */
    public static final ErrorsConfig DEFAULT_ERRORS = new ErrorsConfig("status", List.of("error"));

    /** With {@link #DEFAULT_ERRORS}. */
    public CostConfig(
            boolean enabled,
            String catalogFile,
            PriceCatalog catalog,
            String currency,
            CostMetricsConfig metrics,
            double shareFactor,
            int projectionDays,
            IdleConfig idle) {
        this(
                enabled,
                catalogFile,
                catalog,
                currency,
                metrics,
                shareFactor,
                projectionDays,
                idle,
                DEFAULT_ERRORS,
                "",
                "",
                SpikeConfig.DEFAULT,
                RepriceConfig.OFF);
    }

    /** Whether catalog updates are read from {@link #catalogTopic()}. */
    public boolean catalogUpdates() {
        return !catalogTopic.isEmpty();
    }

    public CostConfig {
        Objects.requireNonNull(catalogFile, "catalogFile");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(catalogVersion, "catalogVersion");
        Objects.requireNonNull(catalogTopic, "catalogTopic");
        Objects.requireNonNull(spike, "spike");
        Objects.requireNonNull(reprice, "reprice");
    }

    /**
     * Spend spikes that know the week (key {@code cost.spike}): an hour's cost of a use case against
     * the same hour of the week in the last {@code weeks} weeks ({@code io.driftwatch.cost.spike.CostSpikeCheck}).
     *
     * @param weeks how many past weeks are compared (at most)
     * @param minWeeks weeks of history needed before an hour is judged
     * @param threshold k: a spike exceeds the mean by more than k standard deviations
     * @param minRatio and costs more than this times the mean
     */
    public record SpikeConfig(int weeks, int minWeeks, double threshold, double minRatio) implements Serializable {
        public static final SpikeConfig DEFAULT = new SpikeConfig(4, 3, 4.0, 2.0);
    }

    /**
     * A re-pricing run (key {@code cost.reprice}): the cost analysis over the Kafka retention from
     * {@code from} with another catalog, into series labelled {@code pricing="<name>"}.
     *
     * @param name the {@code pricing} label value; empty: off (the live job)
     * @param fromMillis the first re-priced hour starts here (a whole UTC hour)
     * @param untilMillis the last re-priced data is before this (a whole UTC hour); {@link Long#MAX_VALUE}:
     *     up to the end offsets at start
     * @param warmUpMillis records this long before {@code from} are read for the counters' starting values only
     * @param catalogFile the catalog file of the run
     * @param catalog its validated catalog
     * @param catalogVersion its version
     */
    public record RepriceConfig(
            String name,
            long fromMillis,
            long untilMillis,
            long warmUpMillis,
            String catalogFile,
            PriceCatalog catalog,
            String catalogVersion)
            implements Serializable {
        public static final RepriceConfig OFF = new RepriceConfig(
                "", 0, Long.MAX_VALUE, 0, "", PriceCatalog.empty(java.util.Currency.getInstance("EUR")), "");

        public boolean active() {
            return !name.isEmpty();
        }

        /** Where the run starts reading Kafka (record timestamps). */
        public long readFromMillis() {
            return fromMillis - warmUpMillis;
        }

        public boolean bounded() {
            return untilMillis != Long.MAX_VALUE;
        }
    }

    /**
     * Failed inferences (keys {@code cost.error-label}, {@code cost.error-values}).
     *
     * @param label attribute of the duration histogram saying how an inference ended
     * @param values the values of {@code label} that mean it failed
     */
    public record ErrorsConfig(String label, List<String> values) implements Serializable {
        public ErrorsConfig {
            Objects.requireNonNull(label, "label");
            values = List.copyOf(values);
        }

        /** Whether {@code value} of {@link #label()} (null when absent) says an inference failed. */
        public boolean failed(String value) {
            return value != null && values.contains(value);
        }
    }

    /**
     * The input metric names (key {@code cost.metrics}).
     *
     * @param reportedCost the service's own cost counter (currency units)
     * @param duration the inference duration histogram (ms): GPU time, and the inference count
     * @param tokensTotal the token counter, not split by type
     * @param tokenUsage the GenAI token usage histogram, split by {@code gen_ai.token.type}
     * @param gpuUtilisation the GPU utilisation gauge (percent, one series per GPU)
     */
    public record CostMetricsConfig(
            String reportedCost, String duration, String tokensTotal, String tokenUsage, String gpuUtilisation)
            implements Serializable {}

    /**
     * Idle GPU capacity (key {@code cost.idle}).
     *
     * @param allocation none: idle cost per GPU type and provider; proportional: split over the use
     *     cases in proportion to their GPU cost of the hour instead
     * @param gpuTypeLabel label of the utilisation series naming the GPU type (a catalog {@code gpu.rates[].type})
     * @param providerLabel label naming the provider (a catalog {@code gpu.rates[].provider})
     */
    public record IdleConfig(IdleAllocation allocation, String gpuTypeLabel, String providerLabel)
            implements Serializable {}

    /** How idle GPU cost is attributed. */
    public enum IdleAllocation {
        /** Reported as {@code ml:cost:idle_gpu} per GPU type and provider only. */
        NONE,
        /** Allocated to use cases in proportion to their GPU cost of the hour ({@code ml:cost:idle_gpu{use_case}}). */
        PROPORTIONAL
    }
}
