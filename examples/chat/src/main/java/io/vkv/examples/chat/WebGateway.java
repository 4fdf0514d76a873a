package io.vkv.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.examples.chat.v1.CreateRoomRequest;
import io.vkv.examples.chat.v1.JoinRequest;
import io.vkv.examples.chat.v1.LeaveRequest;
import io.vkv.examples.chat.v1.SearchRoomsRequest;
import io.vkv.examples.chat.v1.SendRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's web page and the HTTP endpoints it uses: {@code POST /api/<Method>} with the method's request as JSON (the
 * proto's JSON mapping) for the unary calls, and {@code GET /api/receive} as server-sent events. Every endpoint is a call
 * to this server's own gRPC service, so the page gets exactly the answers a gRPC client gets.
 */
final class WebGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebGateway.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/index.html", "index.html", "/chat.js", "chat.js");

    private final HttpServer http;
    private final ManagedChannel channel;
    private final ExecutorService threads;

    private WebGateway(HttpServer http, ManagedChannel channel, ExecutorService threads) {
        this.http = http;
        this.channel = channel;
        this.threads = threads;
    }

    static WebGateway start(String host, int port, int grpcPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        // An event stream holds its thread while it is open.
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chat-web");
            t.setDaemon(true);
            return t;
        });
        WebGateway gateway = new WebGateway(http, channel, threads);
        ChatGrpc.ChatBlockingStub chat = ChatGrpc.newBlockingStub(channel);
        http.createContext("/", gateway::page);
        gateway.unary("CreateRoom", CreateRoomRequest::newBuilder, r -> chat.createRoom((CreateRoomRequest) r));
        gateway.unary("SearchRooms", SearchRoomsRequest::newBuilder, r -> chat.searchRooms((SearchRoomsRequest) r));
        gateway.unary("Join", JoinRequest::newBuilder, r -> chat.join((JoinRequest) r));
        gateway.unary("Send", SendRequest::newBuilder, r -> chat.send((SendRequest) r));
        gateway.unary("Leave", LeaveRequest::newBuilder, r -> chat.leave((LeaveRequest) r));
        http.createContext("/api/receive", exchange -> EventStream.serve(exchange, ChatGrpc.newStub(channel)));
        http.setExecutor(threads);
        http.start();
        return gateway;
    }

    int port() {
        return http.getAddress().getPort();
    }

    private void unary(String method, Supplier<Message.Builder> request, Function<Message, Message> call) {
        http.createContext("/api/" + method, exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    error(exchange, 405, "METHOD_NOT_ALLOWED", "POST a JSON " + method + " request");
                    return;
                }
                byte[] body = readBody(exchange.getRequestBody());
                if (body == null) {
                    error(exchange, 413, "INVALID_ARGUMENT", "request body over " + MAX_BODY + " bytes");
                    return;
                }
                Message.Builder b = request.get();
                try {
                    JsonFormat.parser().merge(new String(body, UTF_8), b);
                } catch (InvalidProtocolBufferException e) {
                    error(exchange, 400, "INVALID_ARGUMENT", "not a JSON " + method + " request: " + e.getMessage());
                    return;
                }
                try {
                    send(exchange, 200, "application/json", JsonFormat.printer().print(call.apply(b.build())).getBytes(UTF_8));
                } catch (StatusRuntimeException e) {
                    Status s = e.getStatus();
                    error(exchange, httpCode(s.getCode()), s.getCode().name(), s.getDescription() == null ? "" : s.getDescription());
                }
            }
        });
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String resource = PAGES.get(exchange.getRequestURI().getPath());
            if (resource == null || !"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 404, "NOT_FOUND", "no page at " + exchange.getRequestURI().getPath());
                return;
            }
            try (InputStream in = WebGateway.class.getResourceAsStream("web/" + resource)) {
                String type = resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
                send(exchange, 200, type, in.readAllBytes());
            }
        }
    }

    /** The body, or null when it is over the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    static int httpCode(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> 400;
            case PERMISSION_DENIED, UNAUTHENTICATED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS -> 409;
            case UNAVAILABLE -> 503;
            default -> 500;
        };
    }

    static void error(HttpExchange exchange, int http, String code, String message) throws IOException {
        Struct body = Struct.newBuilder().putFields("code", Value.newBuilder().setStringValue(code).build())
                .putFields("error", Value.newBuilder().setStringValue(message).build()).build();
        send(exchange, http, "application/json", JsonFormat.printer().print(body).getBytes(UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        channel.shutdownNow();
        threads.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("web page stopped");
    }
}
