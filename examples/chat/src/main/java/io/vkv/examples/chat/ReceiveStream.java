package io.vkv.examples.chat;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.vkv.examples.chat.v1.ChatEvent;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.NicknameLost;
import io.vkv.examples.chat.v1.Session;
import java.util.LinkedHashSet;
import java.util.function.Consumer;
import java.util.Iterator;

/** One client's Receive call: passes each message on once, and ends when the nickname is lost. */
final class ReceiveStream implements Subscriber {

    /** Ids remembered to drop repeats; a feed repeats only recent messages (catch-up scans), so the newest suffice. */
    private static final int REMEMBERED = 10_000;
    /** Messages queued for a client that does not read before its stream is ended, rather than memory growing. */
    private static final int MAX_BEHIND = 5_000;

    private final Session session;
    private final String floor;
    private final ServerCallStreamObserver<ChatEvent> out;
    private final LinkedHashSet<String> sent = new LinkedHashSet<>();
    private final Consumer<Subscriber> onEnd;
    private boolean ended;
    private int behind;

    /**
     * A stream whose client has every message up to {@code floor} (from Join's history); {@code onEnd} runs once when
     * this server ends the stream (not when the client cancels it).
     */
    ReceiveStream(Session session, String floor, ServerCallStreamObserver<ChatEvent> out, Consumer<Subscriber> onEnd) {
        this.session = session;
        this.floor = floor;
        this.out = out;
        this.onEnd = onEnd;
        out.setOnReadyHandler(this::caughtUp);
    }

    private synchronized void caughtUp() {
        behind = 0;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public String floor() {
        return floor;
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
        if (!out.isReady() && ++behind > MAX_BEHIND) {
            end(Status.RESOURCE_EXHAUSTED.withDescription("this client fell " + MAX_BEHIND
                    + " messages behind; receive again with after_id set to the last message it has"));
            return;
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
        onEnd.accept(this);
    }

    private void end(Status status) {
        if (!ended && !out.isCancelled()) {
            ended = true;
            out.onError(status.asRuntimeException());
            onEnd.accept(this);
        }
    }
}
