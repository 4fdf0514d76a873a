package io.vkv.node.replication;

import java.util.concurrent.CompletableFuture;

/** A leave under way: how many partitions this node hands off, and a future that completes once every one is. */
public record Leave(int partitions, CompletableFuture<Void> done) {
}
