package io.vkv.sim.history;

/** How an operation ended, as far as its client can know. */
public enum Outcome {
    /** The node answered: a write has a known dot. */
    OK,
    /** Certainly not applied: refused as invalid, or never sent (the connection could not be made). */
    FAILED,
    /** Timed out or broke off mid-flight: it may or may not have been applied. */
    UNKNOWN
}
