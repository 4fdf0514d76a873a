package io.vkv.node.storage;

/** The store was closed (the node is shutting down): maps to UNAVAILABLE. */
public final class StoreClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreClosedException(String message) {
        super(message);
    }
}
