package io.vkv.examples.chat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.client.VkvClient;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.node.testing.RingCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Two vkv nodes sharing an embedded broker, and a chat server on each ("a" on n1, "b" on n2), its web page too. */
final class ChatFixture implements AutoCloseable {

    final RingCluster cluster;
    final List<ChatServer> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    ChatFixture(Path dir, Map<String, String> nodeSettings) throws Exception {
        cluster = RingCluster.start(dir, 2, 2, nodeSettings);
        try {
            start("a", "n1");
            start("b", "n2");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void start(String name, String node) throws Exception {
        VkvClient kv = VkvClient.builder().target(cluster.node(node).address()).routing(false).deadline(Duration.ofSeconds(10)).build();
        open.add(kv);
        ChatServer server = ChatServer.start(name, "127.0.0.1", 0, 0, kv);
        open.add(server);
        servers.add(server);
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        open.add(() -> c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        channels.add(c);
    }

    /** The channel to chat server {@code i} (0: "a" on n1, 1: "b" on n2). */
    ManagedChannel channel(int i) {
        return channels.get(i);
    }

    /** A blocking stub of chat server {@code i}, with a deadline. */
    ChatGrpc.ChatBlockingStub chat(int i) {
        return ChatGrpc.newBlockingStub(channels.get(i)).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A client that joins through server {@code i} and receives from there. */
    ChatUser user(int i) {
        ChatUser user = new ChatUser(channels.get(i));
        open.add(user);
        return user;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        cluster.close();
    }
}
