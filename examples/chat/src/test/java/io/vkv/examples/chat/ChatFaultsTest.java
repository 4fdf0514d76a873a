package io.vkv.examples.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.CreateRoomRequest;
import io.vkv.examples.chat.v1.SearchRoomsRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat when vkv is not at its best: a nickname taken on both sides of a partition, a node restart, a broker outage. */
class ChatFaultsTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChatFixture chat;

    @BeforeEach
    void start() throws Exception {
        // No periodic anti-entropy: with the broker down, the two nodes really do not see each other's writes.
        chat = new ChatFixture(dir, Map.of("replication.anti-entropy.interval", "0"));
        chat.chat(0).createRoom(CreateRoomRequest.newBuilder().setRoom("ops").setPassword("pw").build());
        await().atMost(SETTLE).until(() -> chat.chat(1).searchRooms(SearchRoomsRequest.newBuilder().setQuery("ops").build())
                .getRoomsCount() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    @Test
    void aNicknameTakenThroughBothServersDuringAPartitionGoesToTheEarlierClaimAndTheOtherIsTold() throws Exception {
        chat.cluster.stopBroker();
        ChatUser first = chat.user(0).join("ops", "pw", "kim");
        Thread.sleep(5); // a later hybrid-clock time for the second claim (the nodes share this machine's clock)
        ChatUser second = chat.user(1).join("ops", "pw", "kim"); // n2 has not seen n1's claim: both are told "yours"
        chat.cluster.restartBroker();

        await().atMost(SETTLE).until(() -> !second.lost.isEmpty());
        assertTrue(second.lost.get(0).startsWith("nickname 'kim' was claimed at the same time through server 'a', earlier"),
                second.lost.get(0));
        await().atMost(SETTLE).until(() -> second.ended != null);
        assertEquals(Status.Code.OK, second.ended.getCode(), "the loser's stream ends after it is told");
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> second.send("still kim?"));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());

        ChatMessage kept = first.send("kim here");
        await().atMost(SETTLE).until(() -> first.received.contains(kept));
        assertTrue(first.lost.isEmpty(), "the winner is not told anything");
        try (VkvClient kv = VkvClient.builder().target(chat.cluster.node("n2").address()).build()) {
            // The winner's server wrote the claim back over both: one version left, on every node.
            await().atMost(SETTLE).until(() -> {
                Versions v = kv.get(ChatKeys.member("ops", "kim"));
                return v.live().size() == 1 && Members.winner(v.keyString(), v).orElseThrow().getServer().equals("a");
            });
        }
    }

    @Test
    void everyAcknowledgedMessageReachesEveryClientAcrossANodeRestartAndABrokerOutage() throws Exception {
        ChatUser onA = chat.user(0).join("ops", "pw", "ann");
        ChatUser onB = chat.user(1).join("ops", "pw", "ben");
        Thread.sleep(2_500); // both receivers live
        Set<String> acknowledged = new HashSet<>();
        acknowledged.add(onA.send("before").getId());

        chat.cluster.restartOnSamePort("n2"); // server b keeps its vkv client; its watch comes back by itself
        acknowledged.add(onA.send("while n2 restarts").getId());
        await().atMost(SETTLE).ignoreExceptions().until(() -> acknowledged.add(onB.send("b is back").getId()));

        chat.cluster.stopBroker();
        acknowledged.add(onA.send("broker down, via a").getId());
        acknowledged.add(onB.send("broker down, via b").getId());
        chat.cluster.restartBroker();
        acknowledged.add(onB.send("broker back").getId());

        for (ChatUser u : List.of(onA, onB)) {
            await().atMost(SETTLE).until(() -> ids(u.received).containsAll(acknowledged));
            List<String> got = new ArrayList<>(u.received.stream().map(ChatMessage::getId).toList());
            assertEquals(got.size(), new HashSet<>(got).size(), u.session.getNickname() + " got no message twice: " + got);
        }
        assertEquals(onA.texts(), onB.texts(), "both clients show the room alike");
    }

    private static Set<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::getId).collect(Collectors.toSet());
    }
}
