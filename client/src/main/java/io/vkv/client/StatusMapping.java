package io.vkv.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns gRPC failures into {@link VkvException}s whose message says what happened, naming the node. */
final class StatusMapping {

    private final String target;

    StatusMapping(String target) {
        this.target = target;
    }

    /** The exception for a failed {@code operation} that had {@code deadline} to complete. */
    VkvException translate(Throwable failure, String operation, Duration deadline) {
        if (failure instanceof VkvException v) {
            return v;
        }
        Status status = Status.fromThrowable(failure);
        String description = status.getDescription() == null ? "" : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION ->
                    new InvalidRequestException(description.isEmpty() ? operation + " was refused by " + target : description, failure);
            case UNAVAILABLE -> new UnavailableException(unavailableMessage(status, description), failure);
            case DEADLINE_EXCEEDED -> new DeadlineExceededException(
                    "no answer from " + target + " to " + operation + " within " + millis(deadline) + " ms", failure);
            case CANCELLED -> new VkvException(operation + " on " + target + " was cancelled", failure);
            case UNIMPLEMENTED -> new VkvException(target + " does not serve " + operation + ": is it a vkv node of this version?", failure);
            case RESOURCE_EXHAUSTED -> new VkvException(target + " refused " + operation + ": " + description, failure);
            default -> new VkvException(operation + " failed on " + target + ": " + status.getCode()
                    + (description.isEmpty() ? "" : ": " + description), failure);
        };
    }

    /** Whole milliseconds, or a fraction for deadlines under one. */
    private static String millis(Duration d) {
        return d.toMillis() >= 1 ? String.valueOf(d.toMillis()) : String.valueOf(d.toNanos() / 1e6);
    }

    private String unavailableMessage(Status status, String description) {
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                return "cannot reach " + target + ": " + (m.contains("refused") ? "connection refused" : firstClause(m));
            }
            if (t instanceof UnknownHostException) {
                return "cannot reach " + target + ": unknown host";
            }
            if (t instanceof NoRouteToHostException) {
                return "cannot reach " + target + ": no route to host";
            }
            if (t instanceof SSLException) {
                return "cannot reach " + target + ": the TLS handshake failed (" + tlsReason(t) + "); check the CA (--tls-ca) and that"
                        + " the client certificate is one the cluster's CA issued";
            }
        }
        if (description.startsWith("Network closed for unknown reason")) {
            return target + " closed the connection: a node that serves TLS only closes plaintext ones (give the cluster's CA,"
                    + " --tls-ca, or the --dir of a secure local cluster)";
        }
        if (status.getCause() != null) {
            return "cannot reach " + target + ": " + firstClause(String.valueOf(status.getCause().getMessage()).toLowerCase(Locale.ROOT));
        }
        return target + " is unavailable" + (description.isEmpty() ? "" : ": " + description);
    }

    /** The reason an SSL failure names, without the library's class and error-code prefixes. */
    private static String tlsReason(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int internal = m.lastIndexOf("OPENSSL_internal:");
        String reason = internal >= 0 ? m.substring(internal + "OPENSSL_internal:".length()) : m;
        return reason.toLowerCase(Locale.ROOT).replace('_', ' ').strip();
    }

    /** Netty appends the address after a colon ("connection refused: /127.0.0.1:7009"): keep the reason. */
    private static String firstClause(String message) {
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon) : message;
    }
}
