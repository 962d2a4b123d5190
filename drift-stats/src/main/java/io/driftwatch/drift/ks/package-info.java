/** Two-sample Kolmogorov–Smirnov test on raw samples and on sketches. */
package io.driftwatch.drift.ks;
