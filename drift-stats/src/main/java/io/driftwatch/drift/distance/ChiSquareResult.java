package io.driftwatch.drift.distance;

import java.util.List;

/**
 * Outcome of a chi-square test of homogeneity of two categorical samples.
 *
 * @param statistic Pearson's χ² over the 2 × K table
 * @param pValue P(χ²(df) ≥ statistic); 1 when df = 0
 * @param degreesOfFreedom K − 1
 * @param categories the K categories compared (after folding)
 */
public record ChiSquareResult(double statistic, double pValue, int degreesOfFreedom, List<String> categories) {

    public ChiSquareResult {
        categories = List.copyOf(categories);
    }
}
