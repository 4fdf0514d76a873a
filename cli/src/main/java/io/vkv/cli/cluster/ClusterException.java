package io.vkv.cli.cluster;

import io.vkv.client.VkvException;

/** The launcher refused or failed to do something; the message is one line saying what and what to do. */
public class ClusterException extends VkvException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
