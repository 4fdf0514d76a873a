package io.vkv.node.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The operation log hit an I/O error and refuses writes: the node cannot take writes until restarted (UNAVAILABLE). */
public final class LogFailedException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    public LogFailedException(String message, IOException cause) {
        super(message, cause);
    }
}
