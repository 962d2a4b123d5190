/**
 * Driftwatch's one configuration model: a YAML file plus {@code --set KEY=VALUE} overrides over
 * built-in defaults, validated at start-up into immutable records.
 *
 * <p>Entry points: {@link io.driftwatch.jobs.config.DriftwatchConfig#load},
 * {@link io.driftwatch.jobs.config.DriftwatchConfig#fromArgs} and
 * {@link io.driftwatch.jobs.config.CommandLineArgs}. Every key is declared once, in
 * {@code ConfigBinder}, with its type, default, one-line documentation and validation; the key
 * reference ({@link io.driftwatch.jobs.config.DriftwatchConfig#describe()}) and the effective YAML
 * ({@link io.driftwatch.jobs.config.DriftwatchConfig#toYaml()}) are derived from those declarations.
 * An annotated example is {@code deploy/driftwatch.yaml}.
 */
package io.driftwatch.jobs.config;
