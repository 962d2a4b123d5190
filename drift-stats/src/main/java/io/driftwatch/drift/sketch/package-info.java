/** Mergeable, serialisable distribution summaries (KLL sketch for numbers, capped counts for categories). */
package io.driftwatch.drift.sketch;
