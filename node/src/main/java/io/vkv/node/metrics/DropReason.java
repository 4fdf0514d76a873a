package io.vkv.node.metrics;

/** Why a received message was dropped without being applied. */
public enum DropReason {
    /** The payload is not a signed envelope holding a message of the expected type. */
    MALFORMED,
    /** The message names another cluster. */
    WRONG_CLUSTER,
    /** The HMAC under the cluster secret does not match (or the envelope is of another kind). */
    BAD_MAC,
    /** Signed and parseable, but its content is invalid: bad partition, key or state. */
    INVALID
}
