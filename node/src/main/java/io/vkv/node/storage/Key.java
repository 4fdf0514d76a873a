package io.vkv.node.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An immutable key ordered by unsigned lexicographic comparison of its bytes (so range scans work). */
public final class Key implements Comparable<Key> {

    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps {@code bytes} without copying: the caller gives up the array. */
    public static Key wrap(byte[] bytes) {
        return new Key(bytes);
    }

    /** The UTF-8 bytes of {@code text}. */
    public static Key of(String text) {
        return new Key(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The key bytes (not copied: callers must not modify them). */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
