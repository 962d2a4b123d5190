package io.driftwatch.jobs.cost;

/**
 * A validated catalog document from the catalog topic, broadcast to every pricing operator.
 *
 * @param version its {@code CatalogDocument} version (content hash)
 * @param text the document
 */
public record CatalogUpdate(String version, String text) {}
