package io.vkv.cli;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.vkv.client.HostPort;
import io.vkv.client.VkvException;
import java.util.Optional;

/**
 * The one line a user sees when a call to a node fails: what failed, on which node, and what to do, by the gRPC status
 * the node returned. One-shot commands and the console both print through here, so a failure reads the same in each.
 */
public final class NodeErrors {

    private NodeErrors() {
    }

    /** One line for {@code e}, raised by a call to {@code node}; failures that are not a node's answer keep their message. */
    public static String describe(VkvException e, HostPort node) {
        String m = oneLine(e.getMessage());
        Optional<Status> status = status(e);
        if (status.isEmpty()) {
            return m;
        }
        return switch (status.get().getCode()) {
            case UNAVAILABLE -> m.contains("TLS") ? m : m + "; is a vkv node running there? (vkv cluster status shows a local cluster)";
            case DEADLINE_EXCEEDED -> m + "; the node may be overloaded: retry, or allow more time with --timeout"
                    + " (a write may have been applied)";
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION ->
                    m.contains(node.toString()) ? m : node + " refused the request: " + m;
            case RESOURCE_EXHAUSTED -> m + "; retry later, or with less at once";
            case UNAUTHENTICATED -> node + " refused the call: " + m + "; give a token: --token-file FILE or $VKV_TOKEN"
                    + " (a secure local cluster keeps one per role in DIR/secure)";
            case PERMISSION_DENIED -> node + " refused the call: " + m + "; use a token of that role (--token-file)";
            case INTERNAL, UNKNOWN, DATA_LOSS -> m + "; the node's log says more (vkv cluster logs ID for a local cluster)";
            default -> m;
        };
    }

    /** The gRPC status behind {@code e}, if a node's answer (or the lack of one) caused it. */
    static Optional<Status> status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s) {
                return Optional.of(s.getStatus());
            }
            if (t instanceof StatusException s) {
                return Optional.of(s.getStatus());
            }
        }
        return Optional.empty();
    }

    private static String oneLine(String s) {
        return s == null ? "the call failed" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
