package io.vkv.examples.chat;

import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.Session;

/** One receiving session, as a room's feed sees it. */
interface Subscriber {

    /** Whose stream this is. */
    Session session();

    /** The last message id the client had when it subscribed: scans pass on only later ones (live changes all). */
    String floor();

    /** A message of the room; a feed may offer the same message more than once, the subscriber passes it on once. */
    void message(ChatMessage message);

    /** The session's nickname went to an earlier claim; the stream ends. */
    void lost(String reason);
}
