package io.vkv.node.server;

import java.util.function.LongSupplier;

/**
 * What NodeInfo reports of requests that did not stay on this node: forwarded to a replica, kept as hints, and
 * hints handed off since the node started.
 */
public record RoutingCounters(LongSupplier forwarded, LongSupplier hintedKeys, LongSupplier handedOff) {
}
