package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.client.Credentials;
import io.vkv.cli.cluster.NodeProbe;
import io.vkv.client.Context;
import io.vkv.client.VkvClient;
import io.vkv.proto.v1.InfoResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-shot commands run in-process against a real node: output, JSON and exit statuses. */
class CommandsAgainstNodeTest extends OneNodeTest {

    private static final String TOKEN = "[A-Za-z0-9_-]+";

    /** Runs a command against the test node. */
    static CliRun vkv(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--node";
        all[args.length + 1] = node.address();
        return CliRun.of(all);
    }

    static CliRun ok(String... args) {
        CliRun run = vkv(args);
        assertEquals(0, run.status(), run::toString);
        assertEquals("", run.err(), run::toString);
        return run;
    }

    /** A bench that succeeded; the node shares this JVM, so the client-bound warning is the one thing allowed on stderr. */
    static CliRun benchOk(String... args) {
        CliRun run = vkv(args);
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("warning: the bench client used ")), run::toString);
        return run;
    }

    private static String group(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> regex + " not in " + text);
        return m.group(1);
    }

    @Test
    void putThenGetAsJson() {
        CliRun put = ok("put", "greeting", "hello \"world\"", "--json");
        String context = group("^\\{\"key\":\"greeting\",\"context\":\"(" + TOKEN + ")\"}\n$", put.out());
        CliRun get = ok("get", "greeting", "--json");
        assertTrue(get.out().matches("\\{\"key\":\"greeting\",\"found\":true,\"context\":\"" + context
                + "\",\"siblings\":\\[\\{\"value\":\"hello \\\\\"world\\\\\"\",\"clock\":\\{\"n1@[^\"]+\":1},\"hlc\":\\d+,\"deleted\":false,\"version\":\\d+}]}\n"), get::toString);
    }

    @Test
    void historyListsVersionsGetAtReadsOneAndTrimKeepsTheLatest() {
        try (VkvClient client = VkvClient.builder().target(node.address()).build()) {
            for (String v : List.of("one", "two", "three")) {
                client.put("hist", v, client.get("hist").context());
            }
        }
        String json = ok("history", "hist", "--json").out();
        assertTrue(json.matches("\\{\"key\":\"hist\",\"floor\":0,\"versions\":\\[\\{\"value\":\"one\".*\"value\":\"two\".*"
                + "\"value\":\"three\".*}]}\n"), json);
        List<String> lines = ok("history", "hist").out().lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        String second = lines.get(1).split(" ")[0];
        assertTrue(lines.get(1).matches("\\d+  two  at \\S+"), lines::toString);
        assertEquals("two\n", ok("get", "hist", "--at", second).out(), "as of the second version, without a context");
        assertEquals("kept version " + lines.get(2).split(" ")[0] + ": three\n", ok("trim", "hist").out());
        assertEquals(1, ok("history", "hist").out().lines().count());
        assertEquals("(not found)\n", ok("get", "hist", "--at", second).out(), "a trimmed version is gone");
        CliRun zero = vkv("get", "hist", "--at", "0");
        assertEquals(2, zero.status(), zero::toString);
        assertTrue(zero.err().contains("allowed: 1..9223372036854775807"), zero::toString);
    }

    @Test
    void getAsTextPrintsTheValueThenTheContext() {
        String context = group("context: (" + TOKEN + ")", ok("put", "text-key", "some value").out());
        assertEquals("some value\ncontext: " + context + "\n", ok("get", "text-key").out());
    }

    @Test
    void quorumsAreTakenPerCommandAndALoneNodeCannotMeetTwo() {
        ok("put", "quorum-key", "one", "--w", "1");
        assertEquals("one\n", ok("get", "quorum-key", "--r", "1").out().lines().findFirst().orElseThrow() + "\n");

        CliRun read = vkv("get", "quorum-key", "--r", "2");
        assertEquals(1, read.status(), read::toString);
        assertTrue(read.err().contains("r=2 needs 2 replicas, 1 answered [n1]; ring: partition "), read::toString);
        assertTrue(read.err().contains(" has 1 replica [n1] until more nodes join; retry later"), read::toString);

        CliRun tooMany = vkv("put", "quorum-key", "two", "--w", "3");
        assertEquals(1, tooMany.status(), tooMany::toString);
        assertTrue(tooMany.err().contains("w=3 needs 3 replicas"), tooMany::toString);
        assertEquals("one\n", ok("get", "quorum-key").out().lines().findFirst().orElseThrow() + "\n", "the refused write was not applied");

        CliRun outOfRange = vkv("get", "quorum-key", "--r", "0");
        assertEquals(2, outOfRange.status(), outOfRange::toString);
        assertTrue(outOfRange.err().contains("'0' is out of range; allowed: 1..64 (at most ring.replicas of the cluster)"), outOfRange::toString);
        CliRun aboveN = vkv("get", "quorum-key", "--r", "4");
        assertEquals(1, aboveN.status(), aboveN::toString);
        assertTrue(aboveN.err().contains("r must be within 1..3 (the replicas of each key, ring.replicas), got 4"), aboveN::toString);
    }

    @Test
    void whereNamesTheReplicasOfAKeyAndRefusesAnEmptyOne() {
        assertTrue(ok("where", "some-key").out().startsWith("key 'some-key': partition "));
        CliRun empty = vkv("where", "");
        assertEquals(2, empty.status(), empty::toString);
        assertTrue(empty.err().contains("KEY must not be empty"), empty::toString);
    }

    @Test
    void aMissingKeyIsFoundFalseWithExitZero() {
        assertEquals("{\"key\":\"absent\",\"found\":false,\"context\":\"\",\"siblings\":[]}\n", ok("get", "absent", "--json").out());
        assertEquals("(not found)\n", ok("get", "absent").out());
    }

    @Test
    void blindPutsMakeSiblingsAndAPutWithTheContextResolvesThem() {
        ok("put", "sib", "one");
        ok("put", "sib", "two");
        CliRun get = ok("get", "sib");
        assertTrue(get.out().startsWith("(2 siblings)\n  one  clock {n1@"), get::toString);
        assertTrue(get.out().contains("\n  two  clock {n1@"), get::toString);
        String context = group("\ncontext: (" + TOKEN + ")\n$", get.out());
        ok("put", "sib", "merged", "--context", context);
        assertTrue(ok("get", "sib").out().startsWith("merged\ncontext: "));
    }

    @Test
    void deleteWithTheContextRemovesTheKey() {
        String context = group("\"context\":\"(" + TOKEN + ")\"", ok("put", "gone", "v", "--json").out());
        CliRun del = ok("del", "gone", "--context", context, "--json");
        assertTrue(del.out().matches("\\{\"key\":\"gone\",\"context\":\"" + TOKEN + "\"}\n"), del::toString);
        assertTrue(ok("get", "gone", "--json").out().startsWith("{\"key\":\"gone\",\"found\":false,"));
    }

    @Test
    void binaryValuesPrintAsBase64() {
        try (VkvClient client = VkvClient.builder().target(node.address()).build()) {
            client.put("bin".getBytes(), new byte[] {(byte) 0xff, 0x00}, Context.EMPTY);
        }
        assertTrue(ok("get", "bin", "--json").out().contains("{\"value\":\"/wA=\",\"encoding\":\"base64\",\"clock\":"));
    }

    @Test
    void scanPrintsARangeAsLinesOrJsonObjects() {
        for (String k : List.of("s/c", "s/a", "s/b", "s/d")) {
            ok("put", k, "v-" + k);
        }
        assertEquals("s/a\tv-s/a\ns/b\tv-s/b\ns/c\tv-s/c\n", ok("scan", "s/a", "s/d").out());
        assertEquals("s/a\tv-s/a\ns/b\tv-s/b\n", ok("getrange", "s/", "s0", "--limit", "2").out());
        String[] lines = ok("scan", "s/b", "s/d", "--json").out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"key\":\"s/b\",\"found\":true,\"context\":\""), lines[0]);
        assertTrue(lines[1].startsWith("{\"key\":\"s/c\",\"found\":true,\"context\":\""), lines[1]);
    }

    @Test
    void delrangeDeletesEveryKeyInTheRange() {
        for (String k : List.of("r/1", "r/2", "r/3", "r/4")) {
            ok("put", k, "v");
        }
        assertEquals("{\"deleted\":3}\n", ok("delrange", "r/1", "r/4", "--json").out());
        assertEquals("r/4\tv\n", ok("scan", "r/", "r0").out());
    }

    @Test
    void aRefusedRequestExitsOneWithTheNodesMessage() {
        CliRun run = vkv("put", "", "v");
        assertEquals(1, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals(node.address() + " refused the request: key must not be empty\n", run.err());

        CliRun forged = vkv("put", "k", "v", "--context", "AAAA");
        assertEquals(1, forged.status(), forged::toString);
        assertTrue(forged.err().startsWith(node.address() + " refused the request: context token "), forged::toString);
        assertEquals(1, forged.err().lines().count(), forged::toString);
    }

    @Test
    void benchRunsEachModeAndReportsPercentiles() {
        for (String mode : List.of("put", "get", "putmany")) {
            CliRun run = benchOk("bench", "--mode", mode, "--warmup", "0s", "--ops", "400", "--in-flight", "8", "--keys", "50", "--batch", "20", "--json");
            assertTrue(run.out().matches("\\{\"mode\":\"" + mode + "\",\"in_flight\":8,\"r\":0,\"w\":0,\"ops\":400,\"calls\":\\d+,\"errors\":0,"
                    + "\"seconds\":[\\d.]+,\"ops_per_sec\":\\d+,\"p50_ms\":[\\d.]+,\"p99_ms\":[\\d.]+,\"p999_ms\":[\\d.]+,\"max_ms\":[\\d.]+"
                    + ",\"client_cpu_s\":[\\d.]+,\"client_cpu_us_per_op\":[\\d.]+}\n"),
                    run::toString);
        }
        CliRun text = benchOk("bench", "--warmup", "100ms", "--ops", "100", "--in-flight", "4");
        assertTrue(text.out().contains(" ops/s\nlatency per call: p50 "), text::toString);
        assertTrue(text.out().endsWith("errors: 0\n"), text::toString);
    }

    @Test
    void theNodeReportsTheBuildItRunsSoMixedBuildsShow() {
        InfoResponse info = NodeProbe.info(node.address(), Duration.ofSeconds(5), Credentials.plaintext()).orElseThrow();
        assertFalse(info.getVersion().isEmpty(), info::toString);
        assertFalse(info.getCommit().isEmpty(), info::toString);
        assertFalse(info.getBuildTime().isEmpty(), info::toString);
    }
}
