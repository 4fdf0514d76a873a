package io.vkv.node.ring;

/** Maps a key to one of Q partitions by a stable 64-bit FNV-1a hash, identical on every node. */
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
        return (int) Long.remainderUnsigned(hash(key), partitions);
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
