package io.vkv.node.quorum;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Counts the answers of the replicas asked in one quorum call: completes with the answers once {@code needed}
 * succeeded, and fails UNAVAILABLE, naming every replica's reason, once that can no longer happen.
 */
final class Acks<T> {

    private final String what;
    private final int needed;
    private final List<String> succeeded;
    private final Map<String, String> failed = new TreeMap<>();
    private final List<T> answers = new ArrayList<>();
    private int pending;
    private final CompletableFuture<List<T>> result = new CompletableFuture<>();

    /**
     * A count for {@code what} (e.g. "w=2") that needs {@code needed} replicas: {@code already} succeeded before any
     * call (this node), {@code unreachable} could not be asked (node → why), and {@code asked} calls are under way.
     */
    Acks(String what, int needed, List<String> already, Map<String, String> unreachable, int asked) {
        this.what = what;
        this.needed = needed;
        this.pending = asked;
        this.succeeded = new ArrayList<>(already);
        failed.putAll(unreachable);
        if (succeeded.size() >= needed) {
            result.complete(List.of());
        } else if (succeeded.size() + pending < needed) {
            fail();
        }
    }

    /** Completes with the successful answers (this node's excepted) once enough succeeded. */
    CompletableFuture<List<T>> result() {
        return result;
    }

    synchronized void success(String node, T answer) {
        if (result.isDone()) {
            return;
        }
        pending--;
        succeeded.add(node);
        answers.add(answer);
        if (succeeded.size() >= needed) {
            result.complete(List.copyOf(answers));
        }
    }

    synchronized void failure(String node, Throwable why) {
        if (result.isDone()) {
            return;
        }
        pending--;
        Status s = Status.fromThrowable(why);
        failed.put(node, s.getDescription() == null ? s.getCode().toString() : s.getDescription());
        if (succeeded.size() + pending < needed) {
            fail();
        }
    }

    private void fail() {
        StringBuilder reasons = new StringBuilder();
        failed.forEach((node, why) -> reasons.append("; ").append(node).append(": ").append(why));
        result.completeExceptionally(Status.UNAVAILABLE.withDescription(what + " needs " + needed + " replica"
                + (needed == 1 ? "" : "s") + ", " + succeeded.size() + " answered " + succeeded + reasons + "; retry later").asRuntimeException());
    }
}
