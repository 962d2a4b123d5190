/** The offline {@code drift-stats compare} command for two CSV files. */
package io.driftwatch.drift.cli;
