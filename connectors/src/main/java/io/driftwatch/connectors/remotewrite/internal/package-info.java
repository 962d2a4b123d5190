/**
 * Implementation of the remote-write sink: naming rules, protobuf encoding, the HTTP client with
 * retries, TLS, Flink serializers. Public only for use across packages; no API stability.
 */
package io.driftwatch.connectors.remotewrite.internal;
