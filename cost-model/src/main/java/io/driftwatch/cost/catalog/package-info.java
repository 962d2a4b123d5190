/**
 * The price catalog: GPU hourly rates, GPU assignment of models, token prices and use cases with
 * value per inference and monthly budget. {@link io.driftwatch.cost.catalog.CatalogReader} reads and
 * validates the YAML file, reporting every problem at once in a
 * {@link io.driftwatch.cost.catalog.CatalogException}; {@link io.driftwatch.cost.catalog.PriceCatalog}
 * is the immutable result.
 */
package io.driftwatch.cost.catalog;
