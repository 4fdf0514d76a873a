package io.vkv.node.storage;

/** Size limits on keys and values, checked before anything is written. */
public record Limits(int maxKeyBytes, int maxValueBytes) {

    /** Keys of 1..1024 bytes, values up to 1 MiB. */
    public static final Limits DEFAULT = new Limits(1024, 1024 * 1024);

    public Limits {
        if (maxKeyBytes < 1) {
            throw new IllegalArgumentException("max key size must be at least 1 byte, got " + maxKeyBytes);
        }
        if (maxValueBytes < 0) {
            throw new IllegalArgumentException("max value size must not be negative, got " + maxValueBytes);
        }
    }

    /** True when a key of {@code length} bytes is allowed: 1 up to the limit. */
    public boolean allowsKeyOf(int length) {
        return length >= 1 && length <= maxKeyBytes;
    }

    /** Refuses a key that is empty or longer than the limit. */
    public void checkKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new InvalidRequestException("key must not be empty");
        }
        if (!allowsKeyOf(key.length)) {
            throw new InvalidRequestException("key is " + key.length + " bytes; the limit is " + maxKeyBytes + " bytes");
        }
    }

    /** Refuses a value longer than the limit. */
    public void checkValue(byte[] value) {
        if (value == null) {
            throw new InvalidRequestException("value must not be null (use delete to remove a key)");
        }
        if (value.length > maxValueBytes) {
            throw new InvalidRequestException("value is " + value.length + " bytes; the limit is " + maxValueBytes + " bytes");
        }
    }
}
