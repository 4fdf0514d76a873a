package io.vkv.examples.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.CreateRoomRequest;
import io.vkv.examples.chat.v1.JoinRequest;
import io.vkv.examples.chat.v1.ReceiveRequest;
import io.vkv.examples.chat.v1.SearchRoomsRequest;
import io.vkv.examples.chat.v1.SendRequest;
import io.vkv.examples.chat.v1.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Chat end to end: two chat servers, each on its own vkv node, and clients of both. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatSessionTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    private ChatFixture chat;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chat = new ChatFixture(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        chat.close();
    }

    private void createRoom(String room, String password) {
        chat.chat(0).createRoom(CreateRoomRequest.newBuilder().setRoom(room).setPassword(password).build());
        // The room reaches the other server's node by replication.
        await().atMost(SETTLE).until(() -> chat.chat(1).searchRooms(SearchRoomsRequest.newBuilder().setQuery(room).build())
                .getRoomsList().contains(room));
    }

    private static Status.Code codeOf(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static String refusal(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getDescription();
    }

    @Test
    void roomsAreCreatedOnceFoundByNameAndGuardedByTheirPassword() {
        createRoom("Lobby", "s3cret");
        createRoom("lounge", "pw");
        assertEquals(Status.Code.ALREADY_EXISTS, codeOf(() -> chat.chat(1).createRoom(
                CreateRoomRequest.newBuilder().setRoom("Lobby").setPassword("other").build())));
        assertEquals(List.of("Lobby", "lounge"), chat.chat(1).searchRooms(SearchRoomsRequest.newBuilder().setQuery("LO").build())
                .getRoomsList().stream().filter(r -> r.startsWith("L") || r.startsWith("l")).toList());

        assertEquals("wrong password for room 'Lobby'", refusal(() -> chat.chat(1).join(
                JoinRequest.newBuilder().setRoom("Lobby").setPassword("guess").setNickname("eve").build())));
        assertEquals(Status.Code.NOT_FOUND, codeOf(() -> chat.chat(1).join(
                JoinRequest.newBuilder().setRoom("nowhere").setPassword("x").setNickname("eve").build())));
        assertEquals(32, chat.user(1).join("Lobby", "s3cret", "eve").session.getToken().length(), "the right password gets in");
    }

    @Test
    void aNicknameIsHeldByOneMemberOfARoomUntilItLeaves() {
        createRoom("nicks", "pw");
        ChatUser ana = chat.user(0).join("nicks", "pw", "ana");
        await().atMost(SETTLE).until(() -> {
            try {
                chat.chat(1).join(JoinRequest.newBuilder().setRoom("nicks").setPassword("pw").setNickname("ana").build());
                throw new AssertionError("a second 'ana' was let in");
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() == Status.Code.ALREADY_EXISTS
                        && e.getStatus().getDescription().equals("nickname 'ana' is taken in room 'nicks'; choose another");
            }
        });
        ana.close(); // closing the stream gives the nickname back
        await().atMost(SETTLE).ignoreExceptions().until(() -> chat.user(1).join("nicks", "pw", "ana") != null);
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> ana.send("am I still ana?")));
    }

    @Test
    void aJoiningMemberGetsTheRoomsEarlierMessagesInOrder() throws Exception {
        createRoom("history", "pw");
        ChatUser first = chat.user(0).join("history", "pw", "first");
        ChatUser watcher = chat.user(1).join("history", "pw", "watcher");
        List<String> sent = List.of("one", "two", "three");
        sent.forEach(first::send);
        await().atMost(SETTLE).until(() -> watcher.texts().equals(sent)); // they are on the other server's node
        ChatUser late = chat.user(1).join("history", "pw", "later");
        assertEquals(sent, late.joined.getHistoryList().stream().map(ChatMessage::getText).toList());
        assertTrue(late.joined.getHistoryList().stream().allMatch(m -> m.getNickname().equals("first")));

        first.send("four");
        await().atMost(SETTLE).until(() -> late.texts().contains("four"));
        Thread.sleep(2_500); // past the feed's second catch-up scan, which reads the history messages again
        assertEquals(List.of("four"), late.texts(), "the stream does not repeat what Join's history gave");
    }

    @Test
    void concurrentSendersOnBothServersAreReceivedExactlyOnceByEveryClientInOneOrder() throws Exception {
        createRoom("busy", "pw");
        List<ChatUser> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(chat.user(i % 2).join("busy", "pw", "u" + i));
        }
        Thread.sleep(2_500); // every receiver's stream is live (its feed's second catch-up scan done)
        int each = 40;
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<List<ChatMessage>>> sending = new ArrayList<>();
        for (ChatUser u : users) {
            sending.add(senders.submit(() -> IntStream.range(0, each)
                    .mapToObj(k -> u.send(u.session.getNickname() + "-" + k)).toList()));
        }
        Set<String> acknowledged = new HashSet<>();
        for (Future<List<ChatMessage>> f : sending) {
            f.get().forEach(m -> acknowledged.add(m.getId()));
        }
        senders.shutdown();
        assertEquals(4 * each, acknowledged.size());
        for (ChatUser u : users) {
            await().atMost(SETTLE).until(() -> u.received.size() >= acknowledged.size());
        }
        Thread.sleep(500); // nothing more may come: a duplicate would
        List<String> order = null;
        for (ChatUser u : users) {
            Map<String, Long> counts = u.received.stream().collect(Collectors.groupingBy(ChatMessage::getId, Collectors.counting()));
            assertEquals(acknowledged, counts.keySet(), "client " + u.session.getNickname() + " got every message");
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "client " + u.session.getNickname() + " got each once");
            List<String> texts = u.texts();
            if (order != null) {
                assertEquals(order, texts, "every client orders the room alike");
            }
            order = texts;
        }
        for (ChatUser u : users) { // each sender's messages keep their order
            String nick = u.session.getNickname();
            List<String> own = order.stream().filter(t -> t.startsWith(nick + "-")).toList();
            assertEquals(IntStream.range(0, each).mapToObj(k -> nick + "-" + k).toList(), own);
        }
    }

    @Test
    void badInputIsRefusedWithTheReasonAndNothingIsWritten() {
        createRoom("strict", "pw");
        ChatUser bo = chat.user(0).join("strict", "pw", "bo");
        Function<Runnable, String> invalid = call -> {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
            return e.getStatus().getDescription();
        };
        assertEquals("room name is empty", invalid.apply(() -> chat.chat(0).createRoom(
                CreateRoomRequest.newBuilder().setPassword("pw").build())));
        assertEquals("password is empty", invalid.apply(() -> chat.chat(0).createRoom(
                CreateRoomRequest.newBuilder().setRoom("open").build())));
        assertEquals("room name 'a/b' may hold only letters, digits, '.', '_' and '-'", invalid.apply(() -> chat.chat(0).createRoom(
                CreateRoomRequest.newBuilder().setRoom("a/b").setPassword("pw").build())));
        assertEquals("nickname is empty", invalid.apply(() -> chat.chat(0).join(
                JoinRequest.newBuilder().setRoom("strict").setPassword("pw").build())));
        assertEquals("message is 4097 bytes; the limit is 4096", invalid.apply(() -> bo.send("x".repeat(4097))));
        assertEquals("message is empty", invalid.apply(() -> bo.send("  ")));
        assertEquals("session token must be the 32 hex digits Join answered; join the room first", invalid.apply(() ->
                chat.chat(0).send(SendRequest.newBuilder().setSession(Session.newBuilder().setRoom("strict").setNickname("bo"))
                        .setText("hi").build())));
        assertEquals("after_id 'yesterday' is not a message id", invalid.apply(() -> chat.chat(0).receive(ReceiveRequest.newBuilder()
                .setSession(bo.session).setAfterId("yesterday").build()).hasNext()));
        Session forged = bo.session.toBuilder().setToken("0".repeat(32)).build();
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> chat.chat(1).send(
                SendRequest.newBuilder().setSession(forged).setText("as bo").build())));

        bo.send("x".repeat(4096)); // at the limit is fine
        assertEquals(1, chat.user(0).join("strict", "pw", "checker").joined.getHistoryCount(), "only the accepted message was stored");
        assertTrue(chat.chat(1).searchRooms(SearchRoomsRequest.getDefaultInstance()).getRoomsList().stream()
                .noneMatch(r -> r.equals("open") || r.isEmpty()));
    }
}
