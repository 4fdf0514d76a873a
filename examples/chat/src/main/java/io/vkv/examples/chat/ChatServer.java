package io.vkv.examples.chat;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vkv.client.VkvClient;
import io.vkv.client.VkvException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A chat server: the {@code vkv.chat.v1.Chat} gRPC service and, when asked, its web page, over one vkv client. */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    private final Server server;
    private final Feeds feeds;
    private final WebGateway web;

    private ChatServer(Server server, Feeds feeds, WebGateway web) {
        this.server = server;
        this.feeds = feeds;
        this.web = web;
    }

    /**
     * Starts server {@code name} (unique among the chat servers of a cluster: it is part of every message id) on
     * {@code host:port}, and the web page on {@code webPort} unless it is negative (0: free ports). Nicknames a previous
     * run of this server held are released first: their streams are gone. Throws IOException when a port is taken.
     */
    public static ChatServer start(String name, String host, int port, int webPort, VkvClient kv) throws IOException {
        return start(name, host, port, webPort, kv, System::currentTimeMillis);
    }

    static ChatServer start(String name, String host, int port, int webPort, VkvClient kv, LongSupplier clock) throws IOException {
        ChatNames.server(name);
        Rooms rooms = new Rooms(kv);
        Members members = new Members(kv, name);
        Messages messages = new Messages(kv, name, clock);
        try {
            int released = members.releaseOwn(rooms.all());
            if (released > 0) {
                log.info("released {} nicknames held through this server before it restarted", released);
            }
        } catch (VkvException e) {
            log.warn("could not release nicknames of an earlier run ({}); they stay taken until released", e.getMessage());
        }
        Feeds feeds = new Feeds(kv, members, messages, clock);
        Server server;
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                    .addService(new ChatService(rooms, members, messages, feeds, clock)).build().start();
        } catch (IOException e) {
            feeds.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        WebGateway web = null;
        if (webPort >= 0) {
            try {
                web = WebGateway.start(host, webPort, server.getPort());
            } catch (IOException e) {
                server.shutdownNow();
                feeds.close();
                throw new IOException("cannot serve the web page on " + host + ":" + webPort + ": " + e.getMessage(), e);
            }
        }
        log.info("chat server {} on {}:{}{} over vkv at {}", name, host, server.getPort(),
                web == null ? "" : ", web page at http://" + host + ":" + web.port() + "/", kv.target());
        return new ChatServer(server, feeds, web);
    }

    /** The gRPC port. */
    public int port() {
        return server.getPort();
    }

    /** The web page's port, or -1 when it is not served. */
    public int webPort() {
        return web == null ? -1 : web.port();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        feeds.close();
        server.shutdown();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
    }
}
