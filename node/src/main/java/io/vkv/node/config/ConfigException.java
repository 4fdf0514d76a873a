package io.vkv.node.config;

/** A configuration the node cannot start with; the message names every key, value and what was expected. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
