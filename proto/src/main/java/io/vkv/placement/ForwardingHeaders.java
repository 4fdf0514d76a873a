package io.vkv.placement;

/** The gRPC metadata nodes and routing clients exchange about forwarded calls (part of the wire contract). */
public final class ForwardingHeaders {

    /** Request header: the id of the node that forwarded this call (it is then served or refused, never forwarded again). */
    public static final String FORWARDED_BY = "vkv-forwarded-by";
    /** Response header: present when the node forwarded (part of) the call because it does not replicate the key. */
    public static final String FORWARDED = "vkv-forwarded";

    private ForwardingHeaders() {
    }
}
