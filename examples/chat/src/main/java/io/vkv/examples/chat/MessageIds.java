package io.vkv.examples.chat;

/**
 * Message ids: {@code <millis, 15 digits>-<server>-<sequence, 10 digits>}. Ordering ids as strings orders messages by the
 * sending server's clock, then server, then sequence: a total order every client computes alike, whatever order the
 * messages reached it in.
 */
final class MessageIds {

    private final String server;
    private long lastMillis;
    private long sequence;

    MessageIds(String server) {
        this.server = ChatNames.server(server);
    }

    /** The next id at {@code nowMillis}; never repeats on this server, even when the clock steps back. */
    synchronized String next(long nowMillis) {
        lastMillis = Math.max(lastMillis, nowMillis);
        sequence++;
        return String.format("%015d-%s-%010d", lastMillis, server, sequence);
    }

    /** The millisecond part of an id, or -1 when {@code id} is not one. */
    static long millisOf(String id) {
        if (id.length() < 16 || id.charAt(15) != '-') {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(0, 15));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
