/**
 * Driftwatch's events on Kafka: {@link io.driftwatch.connectors.events.EventRecord}, the one form every
 * analysis publishes in, and its Kafka serialisation. The documents' contract is the JSON Schema {@code
 * deploy/schemas/driftwatch-event.schema.json}.
 */
package io.driftwatch.connectors.events;
