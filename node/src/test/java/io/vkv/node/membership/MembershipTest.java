package io.vkv.node.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.ring.RingMembers;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Membership from the signed records peers publish: which it takes, which it drops, and the status it shows. */
class MembershipTest {

    private static final int Q = 4;
    private static final int N = 3;
    private static final long HEARTBEAT = 1_000;
    private static final EnvelopeSigner SIGNER = new EnvelopeSigner("membership-test-secret".getBytes(StandardCharsets.UTF_8));

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ReplicationStats stats = new ReplicationStats();
    private final List<String> cameUp = new ArrayList<>();
    private final List<Map<String, Long>> rings = new ArrayList<>();
    private final List<String> cleared = new ArrayList<>();
    private final Membership n1 = membership("c", new Actor("n1", 1), stats, cameUp);

    private Membership membership(String cluster, Actor self, ReplicationStats s, List<String> up) {
        return new Membership(cluster, Q, N, self, SIGNER, s, new DropReporter(s, clock), HEARTBEAT, up::add, m -> rings.add(m.tokens()), cleared::add, clock);
    }

    private Membership peer(Actor self) {
        Membership m = new Membership("c", Q, N, self, SIGNER, new ReplicationStats(), new DropReporter(new ReplicationStats(), clock),
                HEARTBEAT, id -> { }, t -> { }, id -> { }, clock);
        m.advertise("127.0.0.1:7002");
        return m;
    }

    private byte[] recordOf(String cluster, Actor actor, long... shipped) {
        Membership peer = membership(cluster, actor, new ReplicationStats(), new ArrayList<>());
        peer.advertise("127.0.0.1:7000");
        return peer.record(true, shipped);
    }

    private String statusOf(String id) {
        return n1.members().stream().filter(m -> m.id().equals(id)).map(ClusterView.MemberView::status).findFirst().orElse("absent");
    }

    @Test
    void aMemberThatLeftStaysGoneWhenItsLastWillArrivesAfterItsFarewellAndTheWillIsCleared() {
        Actor n2 = new Actor("n2", 5);
        Membership leaver = peer(n2);
        leaver.holdToken(42, false);
        byte[] will = leaver.record(false); // set as its Will when it connected
        leaver.role(MemberRecord.Role.LEAVING);
        assertNotNull(n1.onRecord("n2", leaver.record(true)));
        assertEquals(Map.of("n2", 42L), n1.tokens());
        n1.onRecord("n2", new byte[0]); // its farewell
        assertNull(n1.onRecord("n2", will), "the Will of an actor that left is not a member");
        assertEquals("absent", statusOf("n2"));
        assertEquals(Map.of(), n1.tokens(), "and not on the ring");
        assertEquals(List.of("n2"), cleared, "the Will is cleared from the broker");
        assertNotNull(n1.onRecord("n2", recordOf("c", new Actor("n2", 6))), "the node joining again, as a new incarnation, is welcome");
    }

    @Test
    void aPeersRecordMakesItAnUpMemberAndIsReturnedWithItsShippedCounters() {
        MemberRecord r = n1.onRecord("n2", recordOf("c", new Actor("n2", 5), 1, 2, 3, 4));
        assertNotNull(r);
        assertEquals(List.of(1L, 2L, 3L, 4L), r.getShippedList());
        assertEquals("up", statusOf("n2"));
        assertEquals(List.of("n2"), cameUp);
    }

    @Test
    void aPeerMarkedStalledShowsSoUntilUnmarkedAndSilentOnceItsRecordsStop() {
        n1.onRecord("n2", recordOf("c", new Actor("n2", 5)));
        n1.markStalled("n2", true);
        assertEquals("stalled", statusOf("n2"));
        n1.markStalled("n2", false);
        assertEquals("up", statusOf("n2"));
        clock.advance(Duration.ofMillis(3 * HEARTBEAT + 1));
        assertEquals("silent", statusOf("n2"));
    }

    @Test
    void recordsThatAreForgedForeignMisnamedOrMiscountedAreDroppedAndCounted() {
        Actor n2 = new Actor("n2", 5);
        assertNull(n1.onRecord("n2", recordOf("other", n2)));
        assertEquals(1, stats.dropped(DropReason.WRONG_CLUSTER));
        assertNull(n1.onRecord("n3", recordOf("c", n2)), "n2's record on n3's topic");
        assertNull(n1.onRecord("n2", recordOf("c", n2, 1, 2)), "two shipped counters for four partitions");
        assertEquals(2, stats.dropped(DropReason.INVALID));
        assertNull(n1.onRecord("n2", "not a record".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, stats.dropped(DropReason.MALFORMED));
        assertEquals(List.of("n1"), n1.members().stream().map(ClusterView.MemberView::id).toList());
        assertEquals(List.of(), cameUp);
    }

    @Test
    void aMemberWithAnotherPartitionCountIsRefused() {
        Membership other = new Membership("c", 128, N, new Actor("n9", 1), SIGNER, new ReplicationStats(),
                new DropReporter(new ReplicationStats(), clock), HEARTBEAT, id -> { }, t -> { }, id -> { }, clock);
        assertNull(n1.onRecord("n9", other.record(true)));
        assertNull(n1.onRecord("n9", other.record(true)));
        assertEquals(2, stats.dropped(DropReason.INVALID));
        assertEquals("absent", statusOf("n9"));
        assertEquals(List.of(), cameUp);
    }

    @Test
    void aMemberWithAnotherReplicaCountIsRefused() {
        Membership other = new Membership("c", Q, 2, new Actor("n9", 1), SIGNER, new ReplicationStats(),
                new DropReporter(new ReplicationStats(), clock), HEARTBEAT, id -> { }, t -> { }, id -> { }, clock);
        other.holdToken(42, false);
        assertNull(n1.onRecord("n9", other.record(true)));
        assertEquals(1, stats.dropped(DropReason.INVALID));
        assertEquals("absent", statusOf("n9"));
        assertEquals(Map.of(), n1.tokens());
    }

    @Test
    void tokensFormTheRingAndEveryChangeToThemIsReported() {
        n1.holdToken(100, false);
        Membership n2 = peer(new Actor("n2", 5));
        assertNotNull(n1.onRecord("n2", n2.record(true)), "a joining member without a token yet");
        assertEquals(Map.of("n1", 100L), n1.tokens());
        n2.holdToken(200, false);
        assertNotNull(n1.onRecord("n2", n2.record(true)));
        assertNotNull(n1.onRecord("n2", n2.record(true)), "the same token again changes nothing");
        assertNotNull(n1.onRecord("n2", n2.record(false)), "a down member keeps its place");
        assertEquals(Map.of("n1", 100L, "n2", 200L), n1.tokens());
        n1.onRecord("n2", new byte[0]);
        assertEquals(List.of(Map.of("n1", 100L), Map.of("n1", 100L, "n2", 200L), Map.of("n1", 100L)), rings);
    }

    @Test
    void aJoiningMemberIsOnTheRingButNotServingUntilItSaysItIsAMember() {
        n1.holdToken(100, false);
        Membership n2 = peer(new Actor("n2", 5));
        n2.role(MemberRecord.Role.JOINING);
        n2.holdToken(200, true);
        n1.onRecord("n2", n2.record(true));
        assertEquals(new RingMembers(Map.of("n1", 100L, "n2", 200L), Set.of("n2"), Set.of()), n1.ringMembers());
        byte[] willWhileJoining = n2.record(false);

        n2.role(MemberRecord.Role.MEMBER);
        n1.onRecord("n2", n2.record(true));
        assertEquals(Set.of(), n1.ringMembers().joining());
        n1.onRecord("n2", willWhileJoining);
        assertEquals(Set.of(), n1.ringMembers().joining(), "a Will set while it was joining does not undo its join");
        assertEquals("down", statusOf("n2"));
    }

    @Test
    void aMemberClaimingATokenAnotherHoldsIsRefused() {
        n1.holdToken(100, false);
        Membership n2 = peer(new Actor("n2", 5));
        n2.holdToken(100, false);
        assertNull(n1.onRecord("n2", n2.record(true)));
        assertEquals(1, stats.dropped(DropReason.INVALID));
        assertEquals(Map.of("n1", 100L), n1.tokens());
    }

    @Test
    void aChosenTokenClaimedAlsoByASmallerIdIsGivenUpAndALargerIdIsRefused() {
        n1.holdToken(100, true);
        Membership z1 = peer(new Actor("z1", 5));
        z1.holdToken(100, true);
        assertNull(n1.onRecord("z1", z1.record(true)), "z1 sorts after n1: n1 keeps its token");
        assertEquals(Map.of("n1", 100L), n1.tokens());
        Membership m1 = peer(new Actor("m1", 5));
        m1.holdToken(100, true);
        assertNotNull(n1.onRecord("m1", m1.record(true)), "m1 sorts before n1: n1 gives its token up");
        assertNull(n1.token());
        assertEquals(Map.of("m1", 100L), n1.tokens());
        assertEquals(Map.of("m1", 100L), rings.get(rings.size() - 1), "the ring without n1's token is reported, so n1 picks again");
    }

    @Test
    void ownRecordOfThisRunComingBackMeansEveryRetainedRecordIsIn() {
        n1.advertise("127.0.0.1:7000");
        Membership earlierRun = new Membership("c", Q, N, new Actor("n1", 1), SIGNER, new ReplicationStats(),
                new DropReporter(new ReplicationStats(), clock), HEARTBEAT, id -> { }, t -> { }, id -> { }, new ManualClock(1_000));
        earlierRun.advertise("127.0.0.1:7000");
        n1.onRecord("n1", earlierRun.record(true));
        assertFalse(n1.heardOwnRecord().isDone(), "a record of an earlier run");
        n1.onRecord("n1", n1.record(false));
        assertFalse(n1.heardOwnRecord().isDone(), "its own Will");
        n1.onRecord("n1", n1.record(true));
        assertTrue(n1.heardOwnRecord().isDone());
    }

    @Test
    void thisNodesOwnRecordIsNotTakenAsAPeers() {
        n1.advertise("127.0.0.1:7000");
        assertNull(n1.onRecord("n1", recordOf("c", new Actor("n1", 1))));
        assertNull(n1.onRecord("n1", recordOf("c", new Actor("n1", 2))), "an earlier incarnation at this address");
        assertEquals(1, n1.members().size());
        assertEquals(0, stats.droppedTotal());
    }

    @Test
    void anotherNodeHeartbeatingUnderThisNodesIdIsRefused() {
        n1.advertise("127.0.0.1:7001");
        Membership twin = membership("c", new Actor("n1", 9), new ReplicationStats(), new ArrayList<>());
        twin.advertise("10.0.0.2:7001");
        assertNull(n1.onRecord("n1", twin.record(true)));
        assertEquals(0, stats.droppedTotal(), "one record may be this node's previous run, retained");
        clock.advance(Duration.ofMillis(HEARTBEAT));
        assertNull(n1.onRecord("n1", twin.record(true)));
        assertEquals(1, stats.dropped(DropReason.INVALID), "a renewed one is a second node with this id");
        clock.advance(Duration.ofMillis(HEARTBEAT));
        assertNull(n1.onRecord("n1", twin.record(true)));
        assertEquals(2, stats.dropped(DropReason.INVALID), "every renewed record is dropped (the error is logged once)");
    }
}
