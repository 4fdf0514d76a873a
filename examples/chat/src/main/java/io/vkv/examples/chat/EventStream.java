package io.vkv.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.vkv.examples.chat.v1.ChatEvent;
import io.vkv.examples.chat.v1.ChatGrpc;
import io.vkv.examples.chat.v1.ReceiveRequest;
import io.vkv.examples.chat.v1.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/receive?room=R&nickname=N&token=T&after=ID}: a Receive call relayed as server-sent events, one
 * {@code event: message} or {@code event: lost} per chat event (data: the event as JSON), {@code event: failed} with the
 * reason when the call fails. Closing the page cancels the call.
 */
final class EventStream {

    private static final long KEEPALIVE_SECONDS = 15;
    private static final Object END = new Object();

    private EventStream() {
    }

    static void serve(HttpExchange exchange, ChatGrpc.ChatStub chat) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            ReceiveRequest request = ReceiveRequest.newBuilder()
                    .setSession(Session.newBuilder().setRoom(query.getOrDefault("room", ""))
                            .setNickname(query.getOrDefault("nickname", "")).setToken(query.getOrDefault("token", "")))
                    .setAfterId(query.getOrDefault("after", "")).build();
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            Relay relay = new Relay(events);
            chat.receive(request, relay);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                pump(events, out);
            } catch (IOException | InterruptedException gone) {
                relay.cancel(); // the page went away
                if (gone instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void pump(BlockingQueue<Object> events, OutputStream out) throws IOException, InterruptedException {
        out.write(": connected\n\n".getBytes(UTF_8));
        out.flush();
        while (true) {
            Object e = events.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
            if (e == null) {
                out.write(": keepalive\n\n".getBytes(UTF_8)); // fails once the page is gone
            } else if (e == END) {
                return;
            } else if (e instanceof ChatEvent event) {
                String name = event.hasNicknameLost() ? "lost" : "message";
                out.write(("event: " + name + "\ndata: " + json(event) + "\n\n").getBytes(UTF_8));
            } else {
                out.write(("event: failed\ndata: " + e + "\n\n").getBytes(UTF_8));
            }
            out.flush();
        }
    }

    private static String json(ChatEvent event) throws InvalidProtocolBufferException {
        return JsonFormat.printer().omittingInsignificantWhitespace().print(event);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    params.put(URLDecoder.decode(pair.substring(0, eq), UTF_8), URLDecoder.decode(pair.substring(eq + 1), UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a malformed escape: left out, so the call is refused for the missing field
                }
            }
        }
        return params;
    }

    /** Puts the call's events on the queue the HTTP thread writes from. */
    private static final class Relay implements ClientResponseObserver<ReceiveRequest, ChatEvent> {

        private final BlockingQueue<Object> events;
        private volatile ClientCallStreamObserver<ReceiveRequest> call;

        Relay(BlockingQueue<Object> events) {
            this.events = events;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ReceiveRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(ChatEvent event) {
            events.add(event);
        }

        @Override
        public void onError(Throwable t) {
            Status s = Status.fromThrowable(t);
            events.add(s.getCode() + ": " + (s.getDescription() == null ? "" : s.getDescription().replace('\n', ' ')));
            events.add(END);
        }

        @Override
        public void onCompleted() {
            events.add(END);
        }

        void cancel() {
            ClientCallStreamObserver<ReceiveRequest> c = call;
            if (c != null) {
                c.cancel("the page closed its event stream", null);
            }
        }
    }
}
