package io.vkv.node.storage;

/** A request the store refuses because of what it asks, not because of a fault: maps to INVALID_ARGUMENT. */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
