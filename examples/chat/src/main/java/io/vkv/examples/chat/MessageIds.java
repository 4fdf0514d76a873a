package io.vkv.examples.chat;

import java.util.regex.Pattern;

/**
 * Message ids: {@code <millis, 15 digits>-<server>-<sequence, 10 digits>}. Ordering ids as strings orders messages by the
 * sending server's clock, then server, then sequence: a total order every client computes alike, whatever order the
 * messages reached it in.
 */
final class MessageIds {

    private static final Pattern ID = Pattern.compile("\\d{15}-[A-Za-z0-9._-]{1,32}-\\d{10}");

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

    /** True when {@code id} has the form of a message id. */
    static boolean isId(String id) {
        return ID.matcher(id).matches();
    }
}
