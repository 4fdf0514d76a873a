package io.vkv.client;

/** Receives the changes of a watch, in the order the node applied them, on a gRPC thread: do not block. */
@FunctionalInterface
public interface WatchListener {

    /** A key under the watched prefix changed. */
    void onChange(KeyChange change);

    /** The watch ended because of a failure (not called after {@link WatchHandle#cancel()}). */
    default void onError(VkvException error) {
    }
}
