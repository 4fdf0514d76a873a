package io.vkv.node.membership;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.testing.CorpusMutations;
import io.vkv.node.version.Actor;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Coverage-guided fuzzing of the membership topic: any bytes, and any bytes signed as a member record, are taken as a
 * member or dropped; {@link Membership#onRecord} never throws. Replays {@code MemberRecordFuzzTestInputs} on every build.
 */
class MemberRecordFuzzTest {

    private static final EnvelopeSigner SIGNER = new EnvelopeSigner("member-fuzz-secret".getBytes(StandardCharsets.UTF_8));
    private final ManualClock clock = new ManualClock(1_000_000);
    private final ReplicationStats stats = new ReplicationStats();
    private final Membership n1 = new Membership("c", 4, 3, new Actor("n1", 1), SIGNER, stats, new DropReporter(stats, clock), 1_000,
            id -> { }, t -> { }, id -> { }, clock);

    @FuzzTest(maxDuration = "30s")
    void anyRecordIsTakenOrDropped(byte[] payload) {
        n1.onRecord("n2", payload);
        n1.onRecord("n2", SIGNER.seal(EnvelopeSigner.MEMBER, payload).toByteArray());
        n1.members(); // the view stays readable whatever was taken
    }

    @Provide
    Arbitrary<byte[]> inputsOfAnyRecordIsTakenOrDropped() {
        return CorpusMutations.of(MemberRecordFuzzTest.class, "anyRecordIsTakenOrDropped");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 500)
    void damagedAnyRecordIsTakenOrDropped(@ForAll("inputsOfAnyRecordIsTakenOrDropped") byte[] input) {
        anyRecordIsTakenOrDropped(input);
    }
}
