package io.vkv.examples.chat;

import io.grpc.Status;

/** A refusal the chat server answers with: a gRPC status code and a message that names the problem. */
final class ChatError extends RuntimeException {

    private final Status.Code code;

    private ChatError(Status.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ChatError invalid(String message) {
        return new ChatError(Status.Code.INVALID_ARGUMENT, message);
    }

    static ChatError notFound(String message) {
        return new ChatError(Status.Code.NOT_FOUND, message);
    }

    static ChatError exists(String message) {
        return new ChatError(Status.Code.ALREADY_EXISTS, message);
    }

    static ChatError denied(String message) {
        return new ChatError(Status.Code.PERMISSION_DENIED, message);
    }

    /** The status to answer with. */
    Status status() {
        return Status.fromCode(code).withDescription(getMessage());
    }
}
