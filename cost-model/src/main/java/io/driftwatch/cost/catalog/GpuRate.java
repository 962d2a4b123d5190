package io.driftwatch.cost.catalog;

import io.driftwatch.cost.money.Money;
import java.io.Serializable;
import java.util.Objects;

/**
 * The price of one GPU of {@code type} at {@code provider} for one hour, in the catalog currency
 * (catalog entry {@code gpu.rates[]}).
 */
public record GpuRate(String type, String provider, Money hourly) implements Serializable {
    public GpuRate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(hourly, "hourly");
    }
}
