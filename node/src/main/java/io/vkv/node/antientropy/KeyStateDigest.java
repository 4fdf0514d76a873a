package io.vkv.node.antientropy;

import io.vkv.placement.KeyPartitioner;

import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.History;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;

/**
 * A 64-bit digest of what a KeyState holds: its sibling dots in dot order, its covered vector, and
 * its history (the floor, then each kept version's number and dot). Payloads are left out because a
 * dot names one write (same dot, same write), so two replicas whose states have equal digests hold the
 * same writes and the same versions. Pure; the function is part of the
 * anti-entropy protocol and must give the same result on every node of a cluster.
 */
public final class KeyStateDigest {

    private static final long SEED = 0x76_6b_76_2d_64_69_67_31L; // "vkv-dig1"
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private KeyStateDigest() {
    }

    /** The digest of {@code state}. */
    public static long of(KeyState state) {
        long h = add(SEED, state.siblingCount());
        for (Sibling s : state.siblings()) { // KeyState keeps siblings sorted by dot
            h = add(add(h, actor(s.dot().actor())), s.dot().counter());
        }
        VersionVector covered = state.covered();
        h = add(h, covered.size());
        for (int i = 0; i < covered.size(); i++) { // entries are sorted by actor
            h = add(add(h, actor(covered.actorAt(i))), covered.counterAt(i));
        }
        History history = state.history();
        if (!history.isEmpty()) { // states without history digest as they always did
            h = add(add(h, history.floor().number()), history.floor().dot() == null ? 0 : dot(history.floor().dot()));
            h = add(h, history.versions().size());
            for (History.Version v : history.versions()) {
                h = add(add(h, v.number()), dot(v.dot()));
            }
        }
        return KeyPartitioner.mix64(h);
    }

    /** The digest of one store entry: its key and its state's digest (summed into bucket digests). */
    public static long ofEntry(byte[] key, long stateDigest) {
        long h = SEED;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return KeyPartitioner.mix64(add(add(h, key.length), stateDigest));
    }

    private static long dot(Dot d) {
        return add(actor(d.actor()), d.counter());
    }

    private static long actor(Actor a) {
        long h = a.incarnation();
        String id = a.nodeId();
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    private static long add(long h, long v) {
        return Long.rotateLeft(h ^ KeyPartitioner.mix64(v + GOLDEN), 27) * GOLDEN;
    }

}
