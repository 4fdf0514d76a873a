package io.vkv.client;

/** No answer came within the call's deadline; a write may or may not have been applied. */
public class DeadlineExceededException extends VkvException {

    public DeadlineExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
