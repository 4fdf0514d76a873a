package io.vkv.examples.chat;

import io.vkv.examples.chat.v1.Session;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** What the chat server accepts as a room, nickname, password, message or session, and the errors for the rest. */
final class ChatNames {

    /** A message's limit in UTF-8 bytes. */
    static final int MAX_MESSAGE_BYTES = 4096;
    static final int MAX_ROOM = 64;
    static final int MAX_NICKNAME = 32;
    static final int MAX_PASSWORD = 256;

    // Names become parts of vkv keys (chat/room/<room>/member/<nickname>), so no '/'.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");

    private ChatNames() {
    }

    static String room(String room) {
        return name("room name", room, MAX_ROOM);
    }

    static String nickname(String nickname) {
        return name("nickname", nickname, MAX_NICKNAME);
    }

    /** A chat server's name: it is part of every message id the server makes. */
    static String server(String server) {
        return name("server name", server, MAX_NICKNAME);
    }

    static String password(String password) {
        if (password.isEmpty()) {
            throw ChatError.invalid("password is empty");
        }
        if (password.length() > MAX_PASSWORD) {
            throw ChatError.invalid("password is " + password.length() + " characters; the limit is " + MAX_PASSWORD);
        }
        return password;
    }

    static String text(String text) {
        if (text.isBlank()) {
            throw ChatError.invalid("message is empty");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            throw ChatError.invalid("message is " + bytes + " bytes; the limit is " + MAX_MESSAGE_BYTES);
        }
        return text;
    }

    /** A session as sent by a client: its room, nickname and token well formed. */
    static Session session(Session session) {
        room(session.getRoom());
        nickname(session.getNickname());
        if (!TOKEN.matcher(session.getToken()).matches()) {
            throw ChatError.invalid("session token must be the 32 hex digits Join answered; join the room first");
        }
        return session;
    }

    private static String name(String what, String value, int max) {
        if (value.isEmpty()) {
            throw ChatError.invalid(what + " is empty");
        }
        if (value.length() > max) {
            throw ChatError.invalid(what + " is " + value.length() + " characters; the limit is " + max);
        }
        if (!NAME.matcher(value).matches()) {
            throw ChatError.invalid(what + " '" + value + "' may hold only letters, digits, '.', '_' and '-'");
        }
        return value;
    }
}
