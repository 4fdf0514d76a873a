package io.vkv.node.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Marks calls another node forwarded here: the forwarder names itself in a header, and a forwarded call is
 * served here or refused, never forwarded again, so nodes whose ring views disagree cannot bounce it.
 */
public final class ForwardedCalls implements ServerInterceptor {

    /** The header a forwarding node sets to its id. */
    public static final Metadata.Key<String> FORWARDED_BY = Metadata.Key.of("vkv-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> FORWARDER = Context.key("vkv-forwarded-by");

    /** The node that forwarded the current call, or null when a client sent it here. */
    public static String forwarder() {
        return FORWARDER.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String by = headers.get(FORWARDED_BY);
        if (by == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(FORWARDER, by), call, headers, next);
    }
}
