package io.vkv.node.storage;

import io.vkv.node.version.KeyState;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing of one operation-log record: a 4-byte big-endian payload length, the CRC32C of the
 * payload, then the payload (a {@code LogRecord} protobuf). Snapshots frame their values the same way.
 */
public final class LogRecordFormat {

    /** Bytes before the payload. */
    public static final int HEADER_BYTES = 8;
    /** Larger payloads are taken as corruption: far above any valid record (1 KiB key, siblings of 1 MiB). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

    private LogRecordFormat() {
    }

    /** The framed bytes of {@code payload}. */
    public static byte[] frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        b.putInt(payload.length);
        b.putInt(crc(payload, 0, payload.length));
        b.put(payload);
        return b.array();
    }

    /** The framed {@code LogRecord} of {@code key} and {@code state}, serialised straight into the frame. */
    public static byte[] frame(byte[] key, KeyState state) {
        byte[] out = KeyStateWriter.keyed(key, state, HEADER_BYTES);
        int size = out.length - HEADER_BYTES;
        ByteBuffer header = ByteBuffer.wrap(out, 0, HEADER_BYTES);
        header.putInt(size);
        header.putInt(crc(out, HEADER_BYTES, size));
        return out;
    }

    /** The CRC32C of a byte range, as an int. */
    public static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }

    /**
     * Checks a frame that starts at {@code offset} in {@code bytes}: returns the payload length, or a
     * negative {@link Problem} code when the frame is incomplete or fails its checksum.
     */
    public static int check(byte[] bytes, int offset, int available) {
        if (available < HEADER_BYTES) {
            return Problem.TRUNCATED_HEADER.code;
        }
        int length = ByteBuffer.wrap(bytes, offset, HEADER_BYTES).getInt();
        if (length < 1 || length > MAX_PAYLOAD_BYTES) { // 0 too: a zero-filled region must not read as records
            return Problem.BAD_LENGTH.code;
        }
        if (available - HEADER_BYTES < length) {
            return Problem.TRUNCATED_PAYLOAD.code;
        }
        int expected = ByteBuffer.wrap(bytes, offset + 4, 4).getInt();
        if (crc(bytes, offset + HEADER_BYTES, length) != expected) {
            return Problem.BAD_CHECKSUM.code;
        }
        return length;
    }

    /** Why a frame could not be read. */
    public enum Problem {
        TRUNCATED_HEADER(-1, "record header cut short"),
        BAD_LENGTH(-2, "record length out of range"),
        TRUNCATED_PAYLOAD(-3, "record payload cut short"),
        BAD_CHECKSUM(-4, "record checksum mismatch");

        final int code;
        final String description;

        Problem(int code, String description) {
            this.code = code;
            this.description = description;
        }

        /** A human description, e.g. "record checksum mismatch". */
        public String description() {
            return description;
        }

        /** The problem a negative {@link #check} result stands for. */
        public static Problem of(int code) {
            for (Problem p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new IllegalArgumentException("not a problem code: " + code);
        }
    }
}
