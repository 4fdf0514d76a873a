package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Closed while the node starts and has not heard its cluster's ring: before that it would route by a ring of itself
 * alone and serve keys it does not replicate. Client-facing services refuse calls (UNAVAILABLE) until it opens.
 */
public final class StartGate {

    private final String nodeId;
    private volatile boolean open;

    public StartGate(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Lets calls in: the node has heard the ring (or waited long enough for it). */
    public void open() {
        open = true;
    }

    /** True once calls are let in. */
    public boolean isOpen() {
        return open;
    }

    /** Throws UNAVAILABLE while the gate is closed. */
    public void check() {
        if (!open) {
            throw refusal();
        }
    }

    /** The refusal sent while the gate is closed. */
    public StatusRuntimeException refusal() {
        return Status.UNAVAILABLE.withDescription(nodeId + " is starting: it has not heard its cluster's ring yet; retry in a moment")
                .asRuntimeException();
    }
}
