/** Jensen–Shannon distance, Wasserstein-1 distance and the chi-square homogeneity test. */
package io.driftwatch.drift.distance;
