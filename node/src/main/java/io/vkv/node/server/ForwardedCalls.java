package io.vkv.node.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.vkv.placement.ForwardingHeaders;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Marks calls that crossed nodes, both ways. A forwarding node names itself in a request header, and a
 * forwarded call is served there or refused, never forwarded again, so nodes whose ring views disagree
 * cannot bounce it. A node that forwarded a client's call says so in a response header, so a client that
 * routes by the ring knows its view is stale.
 */
public final class ForwardedCalls implements ServerInterceptor {

    /** The request header a forwarding node sets to its id. */
    public static final Metadata.Key<String> FORWARDED_BY = Metadata.Key.of(ForwardingHeaders.FORWARDED_BY, Metadata.ASCII_STRING_MARSHALLER);
    /** The response header a node sets when it forwarded (part of) the call: the key was not its to serve. */
    public static final Metadata.Key<String> FORWARDED = Metadata.Key.of(ForwardingHeaders.FORWARDED, Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> FORWARDER = Context.key("vkv-forwarded-by");
    private static final Context.Key<AtomicBoolean> FORWARDED_HERE = Context.key("vkv-forwarded");

    /** The node that forwarded the current call, or null when a client sent it here. */
    public static String forwarder() {
        return FORWARDER.get();
    }

    /** Notes that this node forwards (part of) the current call, for its response header. */
    static void markForwarded() {
        AtomicBoolean mark = FORWARDED_HERE.get();
        if (mark != null) {
            mark.set(true);
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String by = headers.get(FORWARDED_BY);
        if (by != null) {
            return Contexts.interceptCall(Context.current().withValue(FORWARDER, by), call, headers, next);
        }
        AtomicBoolean mark = new AtomicBoolean();
        ServerCall<Q, R> marking = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                if (mark.get()) {
                    responseHeaders.put(FORWARDED, "1");
                }
                super.sendHeaders(responseHeaders);
            }
        };
        return Contexts.interceptCall(Context.current().withValue(FORWARDED_HERE, mark), marking, headers, next);
    }
}
