package io.vkv.examples.chat;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.vkv.examples.chat.v1.ChatEvent;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.CreateRoomRequest;
import io.vkv.examples.chat.v1.JoinReply;
import io.vkv.examples.chat.v1.JoinRequest;
import io.vkv.examples.chat.v1.LeaveRequest;
import io.vkv.examples.chat.v1.ReceiveRequest;
import io.vkv.examples.chat.v1.SendRequest;
import io.vkv.examples.chat.v1.Session;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** The terminal chat client: the input line at the bottom, the room's messages scrolling above it, nicknames coloured. */
public final class ChatTerminal {

    private static final long HOLD_MILLIS = 300;
    private static final int[] COLOURS = {AttributedStyle.RED, AttributedStyle.GREEN, AttributedStyle.YELLOW,
        AttributedStyle.BLUE, AttributedStyle.MAGENTA, AttributedStyle.CYAN};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ChatGrpc.ChatBlockingStub chat;
    private final ChatGrpc.ChatStub async;
    private final LineReader reader;
    private final ArrivalOrder order = new ArrivalOrder(HOLD_MILLIS);
    private volatile boolean lost;

    private ChatTerminal(Channel channel, Terminal terminal) {
        this.chat = ChatGrpc.newBlockingStub(channel);
        this.async = ChatGrpc.newStub(channel);
        this.reader = LineReaderBuilder.builder().terminal(terminal).build();
    }

    /**
     * Joins {@code room} as {@code nickname} through the chat server on {@code channel} (creating the room first when
     * {@code create}), then chats until {@code /quit} or end of input. Returns 0, or 1 when the server refused.
     */
    public static int run(Channel channel, Terminal terminal, String room, String nickname, String password, boolean create) {
        return new ChatTerminal(channel, terminal).chat(room, nickname, password, create);
    }

    private int chat(String room, String nickname, String password, boolean create) {
        JoinReply joined;
        try {
            if (create) {
                chat.createRoom(CreateRoomRequest.newBuilder().setRoom(room).setPassword(password).build());
                say("created room " + room);
            }
            joined = chat.join(JoinRequest.newBuilder().setRoom(room).setPassword(password).setNickname(nickname).build());
        } catch (StatusRuntimeException e) {
            say(describe(e.getStatus()));
            return 1;
        }
        Session session = joined.getSession();
        say("joined " + room + " as " + nickname + "; type a message and Enter, /quit to leave");
        joined.getHistoryList().forEach(this::show);
        List<ChatMessage> history = joined.getHistoryList();
        String after = history.isEmpty() ? "" : history.get(history.size() - 1).getId();
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-printer");
            t.setDaemon(true);
            return t;
        });
        printer.scheduleWithFixedDelay(() -> order.due(System.currentTimeMillis()).forEach(this::show), 50, 50, TimeUnit.MILLISECONDS);
        Receiver receiver = new Receiver();
        async.receive(ReceiveRequest.newBuilder().setSession(session).setAfterId(after).build(), receiver);
        try {
            readLoop(session);
        } finally {
            receiver.cancel();
            printer.shutdownNow();
            if (!lost) {
                try {
                    chat.leave(LeaveRequest.newBuilder().setSession(session).build());
                } catch (StatusRuntimeException e) {
                    say("leaving: " + describe(e.getStatus()));
                }
            }
        }
        return 0;
    }

    private void readLoop(Session session) {
        while (true) {
            String line;
            try {
                line = reader.readLine("> ");
            } catch (UserInterruptException | EndOfFileException e) {
                return;
            }
            if (line.strip().equals("/quit")) {
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                // Shown when it comes back on the room's stream, in its place among the others.
                chat.send(SendRequest.newBuilder().setSession(session).setText(line).build());
            } catch (StatusRuntimeException e) {
                say("not sent: " + describe(e.getStatus()));
            }
        }
    }

    private void show(ChatMessage m) {
        AttributedStringBuilder line = new AttributedStringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(m.getSentMillis())) + " ", AttributedStyle.DEFAULT.faint())
                .append(m.getNickname(), AttributedStyle.BOLD.foreground(colour(m.getNickname())))
                .append(": " + m.getText());
        reader.printAbove(line.toAttributedString());
    }

    private void say(String text) {
        reader.printAbove(new AttributedStringBuilder().append("* " + text, AttributedStyle.DEFAULT.italic()).toAttributedString());
    }

    /** The same nickname gets the same colour on every terminal. */
    static int colour(String nickname) {
        return COLOURS[Math.floorMod(nickname.hashCode(), COLOURS.length)];
    }

    private static String describe(Status s) {
        return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }

    /** The Receive stream: messages into the arrival order, the end of the stream on the screen. */
    private final class Receiver implements ClientResponseObserver<ReceiveRequest, ChatEvent> {

        private volatile ClientCallStreamObserver<ReceiveRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<ReceiveRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(ChatEvent event) {
            if (event.hasMessage()) {
                order.add(event.getMessage(), System.currentTimeMillis());
            } else {
                lost = true;
                say(event.getNicknameLost().getReason());
            }
        }

        @Override
        public void onError(Throwable t) {
            Status s = Status.fromThrowable(t);
            if (s.getCode() != Status.Code.CANCELLED) {
                say("receiving stopped: " + describe(s) + "; /quit and join again");
            }
        }

        @Override
        public void onCompleted() {
            say("the server ended the room's stream; /quit and join again");
        }

        void cancel() {
            ClientCallStreamObserver<ReceiveRequest> c = call;
            if (c != null) {
                c.cancel("left", null);
            }
        }
    }
}
