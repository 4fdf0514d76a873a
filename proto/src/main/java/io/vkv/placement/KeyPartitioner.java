package io.vkv.placement;

import java.math.BigInteger;

/**
 * Places a key on the 2^64 ring and in one of Q partitions, identically on every node: its position is a
 * 64-bit FNV-1a hash run through MurmurHash3's finaliser (FNV alone leaves the high bits of short, similar
 * keys poorly mixed), and partition p holds the positions [p·2^64/Q, (p+1)·2^64/Q), a contiguous range.
 */
public final class KeyPartitioner {

    /** The partition count a cluster gets unless configured otherwise. */
    public static final int DEFAULT_PARTITIONS = 64;

    private final int partitions;

    public KeyPartitioner(int partitions) {
        if (partitions < 1 || partitions > 65536) {
            throw new IllegalArgumentException("partition count must be in 1..65536, got " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** The partition of {@code key}. */
    public int partitionOf(byte[] key) {
        return partitionAt(position(key));
    }

    /** The partition holding ring {@code position}. */
    public int partitionAt(long position) {
        // ⌊position·Q / 2^64⌋ with position unsigned: the high word of the product, corrected for its sign bit.
        return (int) (Math.multiplyHigh(position, partitions) + (position < 0 ? partitions : 0));
    }

    /** The position of {@code key} on the ring (unsigned). */
    public static long position(byte[] key) {
        return mix64(hash(key));
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    public static long mix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** The last (highest) position of partition {@code p}'s range, ⌈(p+1)·2^64/Q⌉ − 1, unsigned. */
    public long lastPositionOf(int p) {
        if (p < 0 || p >= partitions) {
            throw new IllegalArgumentException("partition " + p + " outside 0.." + (partitions - 1));
        }
        BigInteger end = BigInteger.ONE.shiftLeft(64).multiply(BigInteger.valueOf(p + 1L));
        BigInteger[] qr = end.divideAndRemainder(BigInteger.valueOf(partitions));
        BigInteger ceiling = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return ceiling.subtract(BigInteger.ONE).longValue();
    }

    /** The 64-bit FNV-1a hash of {@code key}. */
    public static long hash(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
