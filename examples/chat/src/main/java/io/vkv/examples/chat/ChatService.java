package io.vkv.examples.chat;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vkv.client.VkvException;
import io.vkv.examples.chat.v1.ChatEvent;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.examples.chat.v1.CreateRoomReply;
import io.vkv.examples.chat.v1.CreateRoomRequest;
import io.vkv.examples.chat.v1.JoinReply;
import io.vkv.examples.chat.v1.JoinRequest;
import io.vkv.examples.chat.v1.LeaveReply;
import io.vkv.examples.chat.v1.LeaveRequest;
import io.vkv.examples.chat.v1.ReceiveRequest;
import io.vkv.examples.chat.v1.SearchRoomsReply;
import io.vkv.examples.chat.v1.SearchRoomsRequest;
import io.vkv.examples.chat.v1.SendReply;
import io.vkv.examples.chat.v1.SendRequest;
import io.vkv.examples.chat.v1.Session;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code vkv.chat.v1.Chat}: every operation reads and writes vkv; nothing but live streams is kept in this server. */
final class ChatService extends ChatGrpc.ChatImplBase {

    /** Messages a joining client gets from before it joined. */
    static final int HISTORY = 100;
    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final Rooms rooms;
    private final Members members;
    private final Messages messages;
    private final Feeds feeds;
    private final LongSupplier clock;

    ChatService(Rooms rooms, Members members, Messages messages, Feeds feeds, LongSupplier clock) {
        this.rooms = rooms;
        this.members = members;
        this.messages = messages;
        this.feeds = feeds;
        this.clock = clock;
    }

    @Override
    public void createRoom(CreateRoomRequest request, StreamObserver<CreateRoomReply> out) {
        answer(out, () -> {
            rooms.create(request.getRoom(), request.getPassword());
            log.info("room {} created", request.getRoom());
            return CreateRoomReply.newBuilder().setRoom(request.getRoom()).build();
        });
    }

    @Override
    public void searchRooms(SearchRoomsRequest request, StreamObserver<SearchRoomsReply> out) {
        answer(out, () -> SearchRoomsReply.newBuilder().addAllRooms(rooms.search(request.getQuery())).build());
    }

    @Override
    public void join(JoinRequest request, StreamObserver<JoinReply> out) {
        answer(out, () -> {
            ChatNames.nickname(request.getNickname());
            rooms.enter(request.getRoom(), request.getPassword());
            Session session = members.claim(request.getRoom(), request.getNickname());
            return JoinReply.newBuilder().setSession(session).addAllHistory(messages.recent(request.getRoom(), HISTORY)).build();
        });
    }

    @Override
    public void send(SendRequest request, StreamObserver<SendReply> out) {
        answer(out, () -> {
            Session session = ChatNames.session(request.getSession());
            ChatNames.text(request.getText());
            members.verify(session);
            return SendReply.newBuilder().setMessage(messages.append(session, request.getText())).build();
        });
    }

    @Override
    public void receive(ReceiveRequest request, StreamObserver<ChatEvent> out) {
        Session session;
        try {
            session = ChatNames.session(request.getSession());
            if (!request.getAfterId().isEmpty() && !MessageIds.isId(request.getAfterId())) {
                throw ChatError.invalid("after_id '" + request.getAfterId() + "' is not a message id");
            }
            members.verify(session);
        } catch (RuntimeException e) {
            out.onError(status(e).asRuntimeException());
            return;
        }
        ServerCallStreamObserver<ChatEvent> stream = (ServerCallStreamObserver<ChatEvent>) out;
        String floor = request.getAfterId().isEmpty() ? RoomFeed.fromNow(clock.getAsLong()) : request.getAfterId();
        ReceiveStream receiver = new ReceiveStream(session, floor, stream, ended -> feeds.later(() -> feeds.unsubscribe(ended)));
        // A client that goes away gives its nickname back.
        stream.setOnCancelHandler(() -> {
            feeds.unsubscribe(receiver);
            feeds.later(() -> release(session));
        });
        feeds.subscribe(receiver, floor);
    }

    @Override
    public void leave(LeaveRequest request, StreamObserver<LeaveReply> out) {
        answer(out, () -> {
            Session session = ChatNames.session(request.getSession());
            members.release(session);
            return LeaveReply.getDefaultInstance();
        });
    }

    /** Gives back the nickname of a session whose client went away. */
    private void release(Session session) {
        try {
            members.release(session);
        } catch (VkvException e) {
            log.info("nickname {} in room {} not released ({}); it stays taken until this server restarts",
                    session.getNickname(), session.getRoom(), e.getMessage());
        }
    }

    private static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        T reply;
        try {
            reply = call.get();
        } catch (RuntimeException e) {
            out.onError(status(e).asRuntimeException());
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }

    private static Status status(RuntimeException e) {
        if (e instanceof ChatError error) {
            return error.status();
        }
        if (e instanceof VkvException) {
            return Status.UNAVAILABLE.withDescription("vkv failed: " + e.getMessage() + "; retry");
        }
        log.warn("chat call failed: {}", e.toString());
        return Status.INTERNAL.withDescription(e.getMessage());
    }
}
