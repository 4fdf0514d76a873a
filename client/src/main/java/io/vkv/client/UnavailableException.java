package io.vkv.client;

/** The node could not be reached or is not serving (gRPC UNAVAILABLE); retrying later may succeed. */
public class UnavailableException extends VkvException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
