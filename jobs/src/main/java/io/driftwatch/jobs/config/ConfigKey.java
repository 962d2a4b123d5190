package io.driftwatch.jobs.config;

/**
 * The reference entry of one configuration key, as listed by {@link DriftwatchConfig#keys()}.
 *
 * @param path full dotted path; items of a list of mappings appear as {@code [*]}, e.g.
 *     {@code kafka.inputs[*].topic}
 * @param defaultValue the built-in default as it would be written in the file ({@code ""} for the
 *     empty string), or {@code (required)} when the key has no default
 * @param doc one line: what the key means, its unit and its constraints
 */
public record ConfigKey(String path, String defaultValue, String doc) {}
