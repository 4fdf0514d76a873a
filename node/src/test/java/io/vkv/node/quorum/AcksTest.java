package io.vkv.node.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AcksTest {

    private static String failure(Acks<?> acks) {
        CompletionException e = assertThrows(CompletionException.class, () -> acks.result().join());
        Status s = Status.fromThrowable(e.getCause());
        assertEquals(Status.Code.UNAVAILABLE, s.getCode());
        return s.getDescription();
    }

    @Test
    void completesWithTheAnswersOnceEnoughReplicasSucceeded() {
        Acks<String> acks = new Acks<>("r=3", 3, List.of("n1"), Map.of(), 3);
        acks.success("n2", "two");
        assertFalse(acks.result().isDone());
        acks.failure("n3", Status.DEADLINE_EXCEEDED.asRuntimeException());
        assertFalse(acks.result().isDone(), "one call is still under way and can make the quorum");
        acks.success("n4", "four");
        assertEquals(List.of("two", "four"), acks.result().join());
        acks.success("n5", "late");
        assertEquals(List.of("two", "four"), acks.result().join(), "answers after the quorum change nothing");
    }

    @Test
    void aQuorumThisNodeMeetsAloneNeedsNoAnswer() {
        assertTrue(new Acks<String>("w=1", 1, List.of("n1"), Map.of(), 0).result().isDone());
    }

    @Test
    void failsAsSoonAsTheQuorumCannotBeMetNamingEveryReason() {
        Acks<String> acks = new Acks<>("w=3", 3, List.of("n1"), Map.of("n4", "down"), 2);
        acks.success("n2", "ok");
        acks.failure("n3", Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException());
        assertEquals("w=3 needs 3 replicas, 2 answered [n1, n2]; n3: connection refused; n4: down; retry later", failure(acks));
    }

    @Test
    void failsAtOnceWhenTooFewReplicasCanBeAsked() {
        Acks<String> acks = new Acks<>("r=2", 2, List.of("n1"), Map.of("n2", "down", "n3", "down"), 0);
        assertEquals("r=2 needs 2 replicas, 1 answered [n1]; n2: down; n3: down; retry later", failure(acks));
    }
}
