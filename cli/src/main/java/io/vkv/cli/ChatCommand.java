package io.vkv.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.client.HostPort;
import io.vkv.client.VkvClient;
import io.vkv.examples.chat.ChatServer;
import io.vkv.examples.chat.ChatTerminal;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.examples.chat.v1.SearchRoomsRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vkv chat server|join|rooms}: the chat example's server, its terminal client, and a room search. */
@Command(name = "chat", description = "Chat rooms over vkv (examples/chat): run a chat server on a node, join a room from the terminal.",
        subcommands = {ChatCommand.Server.class, ChatCommand.Join.class, ChatCommand.Rooms.class})
public final class ChatCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a chat command is required: server, join or rooms");
    }

    /** {@code vkv chat server}: a chat server over a vkv node, in the foreground. */
    @Command(name = "server", description = {"Run a chat server over a vkv node until Ctrl-C (gRPC service vkv.chat.v1.Chat).",
        "Run several, each on its own node and with its own --name: a message sent through one reaches the clients of all."})
    static final class Server implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--name", paramLabel = "NAME", required = true,
                description = "This server's name, unique among the cluster's chat servers (letters, digits, '.', '_', '-').")
        String name;

        @Option(names = "--port", paramLabel = "PORT", required = true, converter = NumberConverter.Port.class, description = "The gRPC port.")
        int port;

        @Option(names = "--web-port", paramLabel = "PORT", converter = NumberConverter.Port.class,
                description = "Serve the chat's web page on this port (default: no web page).")
        Integer webPort;

        @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
        String host;

        @Mixin
        ConnectionOptions connection;

        @Override
        public Integer call() throws Exception {
            VkvClient kv = connection.connectRouted();
            ChatServer server;
            try {
                server = ChatServer.start(name, host, port, webPort == null ? -1 : webPort, kv);
            } catch (RuntimeException e) {
                kv.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                kv.close();
            }, "chat-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("chat server " + name + " on " + host + ":" + server.port() + " over vkv at " + connection.node
                    + (server.webPort() < 0 ? "" : "; web page at http://" + host + ":" + server.webPort() + "/"));
            out.flush();
            server.awaitTermination();
            return 0;
        }
    }

    /** {@code vkv chat join ROOM}: the terminal client. */
    @Command(name = "join", description = {"Join a chat room from this terminal: messages scroll above, type below; /quit leaves."})
    static final class Join implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ROOM", description = "The room.")
        String room;

        @Option(names = "--nickname", paramLabel = "NAME", required = true, description = "Your nickname in the room.")
        String nickname;

        @Option(names = "--server", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
                description = "The chat server (vkv chat server).")
        HostPort server;

        @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:VKV_CHAT_PASSWORD:-}",
                description = "The room's password (default: $VKV_CHAT_PASSWORD, else asked for).")
        String password;

        @Option(names = "--create", description = "Create the room first, with this password.")
        boolean create;

        @Override
        public Integer call() throws Exception {
            ManagedChannel channel = NettyChannelBuilder.forAddress(server.host(), server.port()).usePlaintext().build();
            try (Terminal terminal = TerminalBuilder.builder().name("vkv chat").system(true).dumb(true).build()) {
                String pw = password.isEmpty() ? LineReaderBuilder.builder().terminal(terminal).build().readLine("password: ", '*') : password;
                return ChatTerminal.run(channel, terminal, room, nickname, pw, create);
            } finally {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code vkv chat rooms [QUERY]}: rooms whose name contains QUERY. */
    @Command(name = "rooms", description = "List the chat rooms whose name contains QUERY (all without one).")
    static final class Rooms implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", defaultValue = "", description = "Part of a room's name.")
        String query;

        @Option(names = "--server", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
                description = "The chat server (vkv chat server).")
        HostPort server;

        @Override
        public Integer call() throws Exception {
            ManagedChannel channel = NettyChannelBuilder.forAddress(server.host(), server.port()).usePlaintext().build();
            try {
                List<String> rooms = ChatGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .searchRooms(SearchRoomsRequest.newBuilder().setQuery(query).build()).getRoomsList();
                PrintWriter out = spec.commandLine().getOut();
                rooms.forEach(out::println);
                out.flush();
                return 0;
            } catch (StatusRuntimeException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("vkv chat rooms: " + (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                        ? "no chat server answers at " + server : e.getStatus().getCode() + " from " + server + ": " + e.getStatus().getDescription()));
                err.flush();
                return 1;
            } finally {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }
}
