package io.vkv.examples.chat;

import io.grpc.stub.ServerCallStreamObserver;
import io.vkv.examples.chat.v1.ChatEvent;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.NicknameLost;
import io.vkv.examples.chat.v1.Session;
import java.util.LinkedHashSet;
import java.util.Iterator;

/** One client's Receive call: passes each message on once, and ends when the nickname is lost. */
final class ReceiveStream implements Subscriber {

    /** Ids remembered to drop repeats; a feed repeats only recent messages (catch-up scans), so the newest suffice. */
    private static final int REMEMBERED = 10_000;

    private final Session session;
    private final ServerCallStreamObserver<ChatEvent> out;
    private final LinkedHashSet<String> sent = new LinkedHashSet<>();
    private boolean ended;

    ReceiveStream(Session session, ServerCallStreamObserver<ChatEvent> out) {
        this.session = session;
        this.out = out;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public synchronized void message(ChatMessage message) {
        if (ended || out.isCancelled() || !sent.add(message.getId())) {
            return;
        }
        if (sent.size() > REMEMBERED) {
            Iterator<String> oldest = sent.iterator();
            oldest.next();
            oldest.remove();
        }
        out.onNext(ChatEvent.newBuilder().setMessage(message).build());
    }

    @Override
    public synchronized void lost(String reason) {
        if (ended || out.isCancelled()) {
            return;
        }
        ended = true;
        out.onNext(ChatEvent.newBuilder().setNicknameLost(NicknameLost.newBuilder().setNickname(session.getNickname())
                .setReason(reason)).build());
        out.onCompleted();
    }

    /** Ends the stream with an error (the server is stopping). */
    synchronized void end(io.grpc.Status status) {
        if (!ended && !out.isCancelled()) {
            ended = true;
            out.onError(status.asRuntimeException());
        }
    }
}
