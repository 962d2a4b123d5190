/**
 * Configuration keys that the streaming job and the offline {@code drift-stats compare} both read: the
 * drift policy's keys with their defaults, documentation and validation ({@link
 * io.driftwatch.drift.config.DriftPolicyKeys}), the parsing of their values ({@link
 * io.driftwatch.drift.config.ConfigValues}), the edit distance behind "did you mean" suggestions, and the
 * resolution of {@code ${ENV_VAR}} references in values ({@link io.driftwatch.drift.config.EnvSubstitution}),
 * which the job's configuration and {@code drift-stats publish --config} share.
 */
package io.driftwatch.drift.config;
