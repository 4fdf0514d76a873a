package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.RingCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vkv bench --route} against a ring: every call goes straight to a replica, none is forwarded. */
class BenchRouteTest {

    @TempDir
    Path tmp;

    private static CliRun bench(RingCluster ring, String... more) {
        String[] args = new String[] {"bench", "--node", ring.node(1).address(), "--in-flight", "8", "--keys", "200", "--warmup", "0s",
            "--ops", "2000", "--duration", "60s"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        CliRun run = CliRun.of(all);
        assertEquals(0, run.status(), run::toString);
        return run;
    }

    @Test
    void routedPutsAreNeverForwardedAndUnroutedOnesAre() throws Exception {
        try (RingCluster ring = RingCluster.start(tmp, 5, 3)) {
            long before = ring.forwarded();
            bench(ring, "--route");
            // The bench's first call, a get of one key to check the node answers, is not routed: at most that one.
            assertTrue(ring.forwarded() - before <= 1, "routed puts were forwarded: " + (ring.forwarded() - before));
            bench(ring);
            assertTrue(ring.forwarded() - before > 2000 / 5, "about 40% of unrouted puts through n1 are forwarded: " + (ring.forwarded() - before));
        }
    }
}
