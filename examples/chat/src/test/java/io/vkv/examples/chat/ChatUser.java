package io.vkv.examples.chat;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.examples.chat.v1.ChatEvent;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.JoinReply;
import io.vkv.examples.chat.v1.JoinRequest;
import io.vkv.examples.chat.v1.ReceiveRequest;
import io.vkv.examples.chat.v1.SendRequest;
import io.vkv.examples.chat.v1.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A chat client as a test drives it: joins, sends, and records everything its Receive stream brings. */
final class ChatUser implements AutoCloseable {

    final List<ChatMessage> received = new CopyOnWriteArrayList<>();
    final List<String> lost = new CopyOnWriteArrayList<>();
    volatile Status ended;
    private final ChatGrpc.ChatBlockingStub chat;
    private final ChatGrpc.ChatStub async;
    private Context.CancellableContext receiving;
    Session session;
    JoinReply joined;

    ChatUser(Channel channel) {
        this.chat = ChatGrpc.newBlockingStub(channel);
        this.async = ChatGrpc.newStub(channel);
    }

    /** Joins and starts receiving after the history Join returned. */
    ChatUser join(String room, String password, String nickname) {
        joined = chat.withDeadlineAfter(20, TimeUnit.SECONDS)
                .join(JoinRequest.newBuilder().setRoom(room).setPassword(password).setNickname(nickname).build());
        session = joined.getSession();
        List<ChatMessage> history = joined.getHistoryList();
        receive(history.isEmpty() ? "" : history.get(history.size() - 1).getId());
        return this;
    }

    void receive(String afterId) {
        receiving = Context.current().withCancellation();
        receiving.run(() -> async.receive(ReceiveRequest.newBuilder().setSession(session).setAfterId(afterId).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(ChatEvent e) {
                        if (e.hasMessage()) {
                            received.add(e.getMessage());
                        } else {
                            lost.add(e.getNicknameLost().getReason());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended = Status.fromThrowable(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended = Status.OK;
                    }
                }));
    }

    ChatMessage send(String text) {
        return chat.withDeadlineAfter(20, TimeUnit.SECONDS).send(SendRequest.newBuilder().setSession(session).setText(text).build())
                .getMessage();
    }

    /** The texts received, in id order (the order every client shows). */
    List<String> texts() {
        List<ChatMessage> all = new ArrayList<>(received);
        all.sort((x, y) -> x.getId().compareTo(y.getId()));
        return all.stream().map(ChatMessage::getText).toList();
    }

    @Override
    public void close() {
        if (receiving != null) {
            receiving.cancel(null);
        }
    }
}
