/**
 * Configuration keys that the streaming job and the offline {@code drift-stats compare} both read: the
 * drift policy's keys with their defaults, documentation and validation ({@link
 * io.driftwatch.drift.config.DriftPolicyKeys}), the parsing of their values ({@link
 * io.driftwatch.drift.config.ConfigValues}) and the edit distance behind "did you mean" suggestions.
 */
package io.driftwatch.drift.config;
