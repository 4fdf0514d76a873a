package io.vkv.node.server;

import io.grpc.Attributes;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request that does not decode (bytes that are no such message, or a string field that is not UTF-8, as a
 * foreign client may send) with INVALID_ARGUMENT naming the method and the reason. grpc-java would close such a call
 * UNKNOWN ("Application error processing RPC") and log a stack trace; the fault is the caller's, and the node's state
 * is untouched. Each method's request marshaller is wrapped: a message that fails to parse becomes a {@link Refusal},
 * which the call's listener answers instead of handing it to the service.
 */
final class RequestDecoding {

    private RequestDecoding() {
    }

    /** A request that did not decode, and why. */
    private record Refusal(String reason) {
    }

    /** {@code service} with every method's undecodable requests answered INVALID_ARGUMENT. */
    static ServerServiceDefinition of(BindableService service) {
        ServerServiceDefinition original = service.bindService();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getServiceDescriptor().getName())
                .setSchemaDescriptor(original.getServiceDescriptor().getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> m : original.getMethods()) {
            ServerMethodDefinition<?, ?> checked = checked(m);
            methods.add(checked);
            descriptor.addMethod(checked.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(b::addMethod);
        return b.build();
    }

    private static <Q, R> ServerMethodDefinition<Object, R> checked(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> typed = m.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> inner = typed.getRequestMarshaller();
        MethodDescriptor.Marshaller<Object> lenient = new MethodDescriptor.Marshaller<>() {
            @Override
            @SuppressWarnings("unchecked")
            public InputStream stream(Object value) {
                return inner.stream((Q) value);
            }

            @Override
            public Object parse(InputStream stream) {
                try {
                    return inner.parse(stream);
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    return new Refusal(cause.getMessage());
                }
            }
        };
        MethodDescriptor<Object, R> wire = typed.toBuilder(lenient, typed.getResponseMarshaller()).build();
        ServerCallHandler<Q, R> handler = m.getServerCallHandler();
        return ServerMethodDefinition.create(wire, (call, headers) -> start(call, headers, typed, handler));
    }

    private static <Q, R> ServerCall.Listener<Object> start(ServerCall<Object, R> call, Metadata headers, MethodDescriptor<Q, R> typed,
                                                            ServerCallHandler<Q, R> handler) {
        Typed<Q, R> view = new Typed<>(call, typed);
        ServerCall.Listener<Q> inner = handler.startCall(view, headers);
        return new ServerCall.Listener<>() {
            @Override
            @SuppressWarnings("unchecked")
            public void onMessage(Object message) {
                if (view.refused) {
                    return;
                }
                if (message instanceof Refusal r) {
                    view.refuse(Status.INVALID_ARGUMENT.withDescription(typed.getFullMethodName() + ": the request does not decode ("
                            + r.reason() + "); string fields must be valid UTF-8"));
                    return;
                }
                inner.onMessage((Q) message);
            }

            @Override
            public void onHalfClose() {
                if (!view.refused) {
                    inner.onHalfClose();
                }
            }

            @Override
            public void onCancel() {
                inner.onCancel();
            }

            @Override
            public void onComplete() {
                inner.onComplete();
            }

            @Override
            public void onReady() {
                if (!view.refused) {
                    inner.onReady();
                }
            }
        };
    }

    /** The call as the service sees it (its own request type); once refused, what the service still sends is dropped. */
    private static final class Typed<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<Object, R> call;
        private final MethodDescriptor<Q, R> method;
        private volatile boolean refused;

        Typed(ServerCall<Object, R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        synchronized void refuse(Status status) {
            refused = true;
            call.close(status, new Metadata());
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            if (!refused) {
                call.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (!refused) {
                call.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!refused) {
                call.close(status, trailers);
            }
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public boolean isCancelled() {
            return refused || call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
