package io.vkv.client;

/** A change seen by a watch: the key's state after it, and the node whose write caused it ("nodeId@incarnation"). */
public record KeyChange(Versions state, String origin) {
}
