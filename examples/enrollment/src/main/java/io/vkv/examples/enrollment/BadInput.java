package io.vkv.examples.enrollment;

/** A request the portals refuse, with the message the caller gets. */
final class BadInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(message);
    }
}
