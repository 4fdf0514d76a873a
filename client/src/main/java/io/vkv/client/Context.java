package io.vkv.client;

import java.util.Arrays;
import java.util.Base64;

/**
 * An opaque causal context token: what a client has read of a key, to pass back unchanged with the
 * next write of that key. The client never looks inside it; the server checks and decodes it.
 */
public final class Context {

    /** The context of a client that has read nothing: a write with it is a blind write. */
    public static final Context EMPTY = new Context(new byte[0]);

    private final byte[] bytes;

    private Context(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps token bytes as received from the server (copied). */
    public static Context of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        return new Context(bytes.clone());
    }

    /**
     * Parses the text form ({@link #base64()}). Accepts URL-safe and standard base64, with or without
     * padding, so a token copied from any tool works; an empty string is {@link #EMPTY}.
     */
    public static Context fromBase64(String text) {
        if (text == null) {
            throw new IllegalArgumentException("context must not be null");
        }
        String t = text.trim().replace('+', '-').replace('/', '_');
        while (t.endsWith("=")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return of(Base64.getUrlDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a context token (expected base64 as printed by get or put)");
        }
    }

    /** The token bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** True for the empty context (nothing read). */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** URL-safe base64 without padding: safe to paste in a shell and selected whole by a double click. */
    public String base64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Context c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
