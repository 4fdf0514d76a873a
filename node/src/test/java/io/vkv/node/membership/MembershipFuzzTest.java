package io.vkv.node.membership;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.testing.Mutations;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import io.vkv.proto.internal.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever arrives on a membership topic, a node takes a valid record or drops it and counts it; it never throws. */
class MembershipFuzzTest {

    private static final EnvelopeSigner SIGNER = new EnvelopeSigner("membership-fuzz-secret".getBytes(StandardCharsets.UTF_8));
    private final ManualClock clock = new ManualClock(1_000_000);

    private Membership node(String cluster, Actor self, ReplicationStats stats) {
        return new Membership(cluster, 4, 3, self, SIGNER, stats, new DropReporter(stats, clock), 1_000, id -> { }, t -> { }, id -> { }, clock);
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> edits() {
        return Mutations.edits();
    }

    @Property(tries = 2000)
    void damagedReSignedRecordsAreTakenOnlyWhenValid(@ForAll("edits") List<Mutations.Edit> edits) throws Exception {
        Membership peer = node("c", new Actor("n2", 5), new ReplicationStats());
        peer.advertise("127.0.0.1:7002");
        byte[] payload = SignedEnvelope.parseFrom(peer.record(true, new long[] {1, 2, 3, 4})).getPayload().toByteArray();
        byte[] resigned = SIGNER.seal(EnvelopeSigner.MEMBER, Mutations.apply(payload, edits)).toByteArray();
        judge(resigned);
        judge(Mutations.apply(peer.record(true), edits));
    }

    @Property(tries = 500)
    void randomBytesAreDropped(@ForAll byte[] bytes) {
        ReplicationStats stats = new ReplicationStats();
        Membership n1 = node("c", new Actor("n1", 1), stats);
        if (bytes.length > 0) {
            assertTrue(n1.onRecord("n2", bytes) == null && stats.droppedTotal() == 1, "random bytes are dropped and counted");
        }
    }

    private void judge(byte[] payload) {
        ReplicationStats stats = new ReplicationStats();
        Membership n1 = node("c", new Actor("n1", 1), stats);
        MemberRecord taken = n1.onRecord("n2", payload);
        if (taken == null) {
            assertTrue(stats.droppedTotal() == 1 || payload.length == 0, "a record not taken is counted as dropped");
        } else {
            assertTrue(taken.getActor().getNodeId().equals("n2"));
            assertTrue(taken.getShippedCount() == 0 || taken.getShippedCount() == 4);
            assertTrue(n1.members().size() == 2);
        }
    }
}
