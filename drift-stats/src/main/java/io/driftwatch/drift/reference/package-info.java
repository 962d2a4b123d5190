/** Reference profiles: a model version's training-data summaries, in the form the drift job keeps. */
package io.driftwatch.drift.reference;
