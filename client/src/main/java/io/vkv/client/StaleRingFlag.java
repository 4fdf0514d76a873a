package io.vkv.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.vkv.placement.ForwardingHeaders;

/** Raised when a node answers that it forwarded a request: the ring the client routes by is out of date. */
final class StaleRingFlag implements ClientInterceptor {

    private static final Metadata.Key<String> FORWARDED = Metadata.Key.of(ForwardingHeaders.FORWARDED, Metadata.ASCII_STRING_MARSHALLER);

    private volatile boolean set;

    boolean isSet() {
        return set;
    }

    void clear() {
        set = false;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata responseHeaders) {
                        if (responseHeaders.containsKey(FORWARDED)) {
                            set = true;
                        }
                        super.onHeaders(responseHeaders);
                    }
                }, headers);
            }
        };
    }
}
