package io.vkv.client;

/** A vkv call failed; the message says what happened in words a user can act on. */
public class VkvException extends RuntimeException {

    public VkvException(String message) {
        super(message);
    }

    public VkvException(String message, Throwable cause) {
        super(message, cause);
    }
}
