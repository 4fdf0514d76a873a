package io.vkv.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a load file: one {@code KEY<TAB>VALUE} per line, split at the first TAB (the value may hold more),
 * LF or CRLF line ends, bytes taken as they are (no decoding, so any UTF-8 or binary without TAB or LF loads).
 * Empty lines are ignored; a line without a TAB, or with an empty key, is reported as malformed.
 */
final class LoadFileParser {

    /** One line of the file. */
    sealed interface Line permits Entry, Malformed {
        int number();
    }

    /** A well-formed line. */
    record Entry(int number, byte[] key, byte[] value) implements Line {
    }

    /** A line that cannot be loaded, and why. */
    record Malformed(int number, String reason) implements Line {
    }

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int number;
    private boolean eof;

    /** Reads from {@code in}, which should be buffered; the caller closes it. */
    LoadFileParser(InputStream in) {
        this.in = in;
    }

    /** The next non-empty line, or null at the end of the input. */
    Line next() throws IOException {
        while (!eof) {
            byte[] bytes = readLine();
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0) {
                return parse(number, bytes);
            }
        }
        return null;
    }

    /** Splits one line (without its line end) at its first TAB. */
    static Line parse(int number, byte[] bytes) {
        int tab = indexOf(bytes, (byte) '\t');
        if (tab < 0) {
            return new Malformed(number, "no TAB between key and value");
        }
        if (tab == 0) {
            return new Malformed(number, "empty key");
        }
        return new Entry(number, Arrays.copyOfRange(bytes, 0, tab), Arrays.copyOfRange(bytes, tab + 1, bytes.length));
    }

    private byte[] readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1) {
            eof = true;
            if (line.size() == 0) {
                return null;
            }
        }
        number++;
        byte[] bytes = line.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte target) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
