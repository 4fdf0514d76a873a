package io.vkv.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Finds the next intact frame after damage in a log file. It reads the file through a small window,
 * so a damaged log of any size needs bounded memory, and it computes a candidate's checksum only
 * when the candidate looks like a {@code LogRecord} (key field, then a state field inside the frame):
 * checksumming every plausible length in a garbage region would cost time quadratic in its size.
 */
final class FrameSearch {

    private static final int WINDOW = 64 * 1024;
    private static final int KEY_TAG = 0x0A; // LogRecord field 1 (key), length-delimited
    private static final int STATE_TAG = 0x12; // LogRecord field 2 (state), length-delimited

    private final FileChannel ch;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart = -1;
    private long varintEnd;

    FrameSearch(FileChannel ch, long size) {
        this.ch = ch;
        this.size = size;
    }

    /** The offset of the first intact frame at or after {@code from}, or -1. */
    long next(long from) throws IOException {
        for (long pos = from; pos + LogRecordFormat.HEADER_BYTES < size; pos++) {
            if (frameAt(pos)) {
                return pos;
            }
        }
        return -1;
    }

    private boolean frameAt(long pos) throws IOException {
        long length = int32At(pos);
        long payload = pos + LogRecordFormat.HEADER_BYTES;
        if (length < 1 || length > LogRecordFormat.MAX_PAYLOAD_BYTES || payload + length > size) {
            return false;
        }
        long end = payload + length;
        if (byteAt(payload) != KEY_TAG) {
            return false;
        }
        long keyLength = varintAt(payload + 1, end);
        if (keyLength < 1) {
            return false;
        }
        long stateTag = varintEnd + keyLength;
        if (stateTag >= end || byteAt(stateTag) != STATE_TAG) {
            return false;
        }
        long stateLength = varintAt(stateTag + 1, end);
        if (stateLength < 0 || varintEnd + stateLength > end) {
            return false;
        }
        return crc(payload, length) == (int) int32At(pos + 4);
    }

    /** The unsigned varint at {@code pos} (its end in {@link #varintEnd}), or -1 if malformed or past {@code limit}. */
    private long varintAt(long pos, long limit) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= limit) {
                return -1;
            }
            int b = byteAt(pos++);
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                varintEnd = pos;
                return value;
            }
        }
        return -1;
    }

    private long int32At(long pos) throws IOException {
        return (byteAt(pos) << 24) | (byteAt(pos + 1) << 16) | (byteAt(pos + 2) << 8) | byteAt(pos + 3);
    }

    private int byteAt(long pos) throws IOException {
        if (windowStart < 0 || pos < windowStart || pos >= windowStart + window.limit()) {
            window.clear();
            windowStart = pos;
            while (window.hasRemaining() && ch.read(window, windowStart + window.position()) > 0) {
                // keep reading until the window is full or the file ends
            }
            window.flip();
        }
        return window.get((int) (pos - windowStart)) & 0xff;
    }

    private int crc(long from, long length) throws IOException {
        CRC32C c = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(WINDOW, length));
        long pos = from;
        long remaining = length;
        while (remaining > 0) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
            int n = ch.read(chunk, pos);
            if (n <= 0) {
                throw new IOException("log file shrank while it was read (at offset " + pos + ")");
            }
            chunk.flip();
            c.update(chunk);
            pos += n;
            remaining -= n;
        }
        return (int) c.getValue();
    }
}
