package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exit statuses that need no node: usage errors (2) and a node nobody answers at (1, one line). */
class UsageAndUnreachableTest {

    private static String deadNode;

    @BeforeAll
    static void findAClosedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            deadNode = "127.0.0.1:" + s.getLocalPort();
        }
    }

    private static void assertUsageError(CliRun run, String message) {
        assertEquals(2, run.status(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertTrue(run.err().startsWith(message + "\n"), run::toString);
        assertTrue(run.err().contains("Usage: vkv"), run::toString);
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertUsageError(CliRun.of("get"), "Missing required parameter: 'KEY'");
        assertUsageError(CliRun.of("put", "k"), "Missing required parameter: 'VALUE'");
        assertUsageError(CliRun.of("delrange", "a"), "Missing required parameter: 'TO'");
        assertUsageError(CliRun.of(), "a command is required (see vkv --help)");
    }

    @Test
    void badOptionValuesAreUsageErrorsThatSayWhy() {
        assertUsageError(CliRun.of("get", "k", "--node", "nohost"),
                "Invalid value for option '--node': 'nohost' is not host:port");
        assertUsageError(CliRun.of("put", "k", "v", "--context", "%%%"),
                "Invalid value for option '--context': '%%%' is not a context token (expected base64 as printed by get or put)");
        assertUsageError(CliRun.of("get", "k", "--timeout", "soon"),
                "Invalid value for option '--timeout': 'soon' is not a duration (e.g. 500ms, 30s, 5m)");
        assertUsageError(CliRun.of("scan", "--limit", "0", "--node", deadNode), "--limit must be at least 1, got 0");
        assertUsageError(CliRun.of("bench", "--mode", "fly", "--node", deadNode), "--mode must be put, get or putmany, got 'fly'");
        assertUsageError(CliRun.of("bench", "--keys", "1000000000", "--node", deadNode),
                "--keys must be at most 10000000: the bench keeps every key and its latest context in memory");
        assertUsageError(CliRun.of("bench", "--warmup", "-1s", "--node", deadNode), "Invalid value for option '--warmup': '-1s' is not a duration (e.g. 500ms, 30s, 5m)");
        // --broker is the launcher's spelling of --broker-url.
        assertUsageError(CliRun.of("node", "--broker", "http://x", "--port", "0"),
                "broker.url: 'http://x' is not a broker URL (tcp://host:port or ssl://host:port, or empty to run alone) (from --broker-url)");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithSuggestions() {
        CliRun run = CliRun.of("frobnicate");
        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().startsWith("Unmatched argument at index 0: 'frobnicate'\nDid you mean"), run::toString);
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun help = CliRun.of("get", "--help");
        assertEquals(0, help.status(), help::toString);
        assertTrue(help.out().startsWith("Usage: vkv get"), help::toString);
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.status(), version::toString);
        assertTrue(version.out().startsWith("vkv "), version::toString);
    }

    @Test
    void everyNodeCommandReportsAnUnreachableNodeInOneLine() {
        String expected = "cannot reach " + deadNode + ": connection refused\n";
        String[][] commands = {
            {"get", "k"}, {"put", "k", "v"}, {"del", "k"}, {"scan"}, {"getrange", "a", "b"}, {"dump"}, {"getall", "--json"},
            {"delrange", "a", "b"}, {"delall"}, {"bench", "--ops", "10"}};
        for (String[] command : commands) {
            String[] args = new String[command.length + 2];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--node";
            args[command.length + 1] = deadNode;
            CliRun run = CliRun.of(args);
            assertEquals(1, run.status(), run::toString);
            assertEquals("", run.out(), run::toString);
            assertEquals(expected, run.err(), run::toString);
        }
    }

    @Test
    void loadingAMissingFileSaysSo() {
        CliRun run = CliRun.of("load", "/no/such/file.tsv", "--node", deadNode);
        assertEquals(1, run.status(), run::toString);
        assertEquals("cannot read /no/such/file.tsv: no such file\n", run.err(), run::toString);
    }
}
