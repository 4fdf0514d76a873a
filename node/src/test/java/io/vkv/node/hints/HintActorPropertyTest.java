package io.vkv.node.hints;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.coordinator.KeyValueStore.WriteResult;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.VersionVector;
import io.vkv.placement.KeyPartitioner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rule hints keep (docs/architecture.md, "Hinted handoff"): a hint's dot comes from an actor used for nothing
 * else, whose epoch holds every earlier write of that actor to the key, and which issues nothing once handed off.
 * Checked over random interleavings of hinted writes (blind, or with the context of the last one), handoffs and
 * restarts of the real store.
 */
class HintActorPropertyTest {

    /** One step: write key k (blind or with its last context), hand off every sealed epoch, or restart. */
    record Step(int kind, int key) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.integers().between(0, 9).flatMap(kind -> Arbitraries.integers().between(0, 3).map(k -> new Step(kind, k)))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 40)
    void noHintDotIsIssuedTwiceOrClaimsAWriteItsEpochDoesNotHold(@ForAll("steps") List<Step> steps) throws IOException {
        Path dir = Files.createTempDirectory("hints");
        NodeRuntime runtime = new NodeRuntime(new ManualClock(1_000_000), new SplittableRandom(steps.hashCode()), Threads.daemon("p"));
        StorageOptions options = StorageOptions.defaults(dir, "n1").withFsync(FsyncPolicy.NEVER);
        KeyPartitioner partitioner = new KeyPartitioner(8);
        Set<String> issued = new HashSet<>(); // counters are per partition: a dot is unique within its key's partition
        Set<Actor> retired = new HashSet<>();
        Map<Integer, VersionVector> contexts = new HashMap<>();
        Map<Actor, Map<Integer, List<Dot>>> byActor = new HashMap<>();
        HintStore hints = HintStore.open(options, partitioner, runtime);
        try {
            for (Step step : steps) {
                if (step.kind() < 6) {
                    byte[] key = ("k" + step.key()).getBytes(StandardCharsets.UTF_8);
                    VersionVector context = step.kind() % 2 == 0 ? VersionVector.EMPTY : contexts.getOrDefault(step.key(), VersionVector.EMPTY);
                    WriteResult r = hints.write(key, ("v" + step).getBytes(StandardCharsets.UTF_8), context).join();
                    Dot dot = r.dot();
                    assertTrue(issued.add(partitioner.partitionOf(key) + "/" + dot), "dot " + dot + " issued twice in a partition");
                    assertFalse(retired.contains(dot.actor()), "actor " + dot.actor() + " issued " + dot + " after its epoch was handed off");
                    List<Dot> earlier = byActor.computeIfAbsent(dot.actor(), a -> new HashMap<>()).computeIfAbsent(step.key(), k -> new ArrayList<>());
                    for (Dot d : earlier) {
                        assertTrue(r.state().holdsOrCovers(d), "the epoch of " + dot.actor() + " lost its earlier write " + d);
                    }
                    earlier.add(dot);
                    contexts.put(step.key(), r.context());
                } else if (step.kind() < 9) {
                    for (HintEpoch epoch : hints.sealForHandoff()) {
                        retired.add(epoch.store().actor());
                        hints.handedOff(epoch);
                    }
                } else {
                    hints.close();
                    hints = HintStore.open(options, partitioner, runtime);
                }
            }
        } finally {
            hints.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
