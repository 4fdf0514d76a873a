package io.vkv.client;

/** The server refused the request as invalid (gRPC INVALID_ARGUMENT); the message is the server's. */
public class InvalidRequestException extends VkvException {

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
