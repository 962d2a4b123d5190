/** Population Stability Index and the binning it shares with the Jensen–Shannon distance. */
package io.driftwatch.drift.psi;
