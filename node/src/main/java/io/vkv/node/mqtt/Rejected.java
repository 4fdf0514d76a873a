package io.vkv.node.mqtt;

import io.vkv.node.metrics.DropReason;

/** A message from another node refused: why (counted by reason) and what was wrong (for the log). */
public final class Rejected extends Exception {

    private final DropReason reason;

    public Rejected(DropReason reason, String message) {
        super(message, null, false, false); // expected on bad input: no stack trace
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
