package io.vkv.examples.chat;

/**
 * Where the chat keeps things in vkv. Rooms sit under {@code chat/rooms/}; a room's members and messages under
 * {@code chat/room/<room>/}, so one Watch on that prefix sees both. Each message is a key of its own: messages sent at
 * once through different servers are different keys, so concurrent appends never conflict.
 */
final class ChatKeys {

    static final String ROOMS = "chat/rooms/";
    private static final String ROOM = "chat/room/";
    private static final String MEMBER = "/member/";
    private static final String MESSAGE = "/msg/";

    private ChatKeys() {
    }

    static String room(String room) {
        return ROOMS + room;
    }

    /** The prefix of everything in a room: its members and its messages. */
    static String inRoom(String room) {
        return ROOM + room + "/";
    }

    static String member(String room, String nickname) {
        return ROOM + room + MEMBER + nickname;
    }

    static String members(String room) {
        return ROOM + room + MEMBER;
    }

    static String message(String room, String id) {
        return ROOM + room + MESSAGE + id;
    }

    static String messages(String room) {
        return ROOM + room + MESSAGE;
    }

    /** The nickname of a member key of {@code room}, or null when {@code key} is not one. */
    static String nicknameOf(String room, String key) {
        String prefix = members(room);
        return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
    }

    /** True when {@code key} is a message of {@code room}. */
    static boolean isMessage(String room, String key) {
        return key.startsWith(messages(room));
    }
}
