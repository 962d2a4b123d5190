package io.driftwatch.cost.catalog;

import io.driftwatch.cost.money.Money;
import java.io.Serializable;
import java.util.Objects;

/**
 * A business use case (catalog entry {@code use-cases[]}): the business value one inference brings,
 * and the budget for one calendar month (UTC), both in the catalog currency.
 */
public record UseCase(String name, Money valuePerInference, Money monthlyBudget) implements Serializable {
    public UseCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valuePerInference, "valuePerInference");
        Objects.requireNonNull(monthlyBudget, "monthlyBudget");
    }
}
