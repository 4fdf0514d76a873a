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

    /** A usage error: exit 2, nothing on stdout, the message, then one line pointing at the command's help; no usage text. */
    private static void assertUsageError(CliRun run, String message, String command) {
        assertEquals(2, run.status(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(message + "\nsee '" + command + " --help'\n", run.err(), run::toString);
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertUsageError(CliRun.of("get"), "Missing required parameter: 'KEY'", "vkv get");
        assertUsageError(CliRun.of("put", "k"), "Missing required parameter: 'VALUE'", "vkv put");
        assertUsageError(CliRun.of("delrange", "a"), "Missing required parameter: 'TO'", "vkv delrange");
        assertUsageError(CliRun.of(), "a command is required", "vkv");
    }

    @Test
    void badOptionValuesAreUsageErrorsThatSayWhy() {
        assertUsageError(CliRun.of("get", "k", "--node", "nohost"),
                "Invalid value for option '--node': 'nohost' is not host:port", "vkv get");
        assertUsageError(CliRun.of("put", "k", "v", "--context", "%%%"),
                "Invalid value for option '--context': '%%%' is not a context token (expected base64 as printed by get or put)", "vkv put");
        assertUsageError(CliRun.of("get", "k", "--timeout", "soon"),
                "Invalid value for option '--timeout': 'soon' is not a duration (e.g. 500ms, 30s, 5m)", "vkv get");
        assertUsageError(CliRun.of("get", "k1", "--timeout", "0s"),
                "Invalid value for option '--timeout': '0s' is out of range; allowed: 1ms to 24h", "vkv get");
        assertUsageError(CliRun.of("scan", "--limit", "0", "--node", deadNode),
                "Invalid value for option '--limit': '0' is out of range; allowed: 1..2147483647", "vkv scan");
        assertUsageError(CliRun.of("bench", "--mode", "fly", "--node", deadNode),
                "Invalid value for option '--mode': 'fly' is not a mode; allowed: put, get, putmany", "vkv bench");
        assertUsageError(CliRun.of("bench", "--keys", "1000000000", "--node", deadNode),
                "Invalid value for option '--keys': '1000000000' is out of range; allowed: 1..10000000"
                        + " (the bench keeps every key and its latest context in memory)", "vkv bench");
        assertUsageError(CliRun.of("bench", "--warmup", "-1s", "--node", deadNode),
                "Invalid value for option '--warmup': '-1s' is neither auto nor a duration (e.g. 500ms, 30s, 5m)", "vkv bench");
        assertUsageError(CliRun.of("node", "--port", "99999"),
                "Invalid value for option '--port': '99999' is not a port (0..65535)", "vkv node");
        // --broker is the launcher's spelling of --broker-url.
        assertUsageError(CliRun.of("node", "--broker", "http://x", "--port", "0"),
                "Invalid value for option '--broker': 'http://x' is not a broker URL (tcp://host:port or ssl://host:port, or empty to run alone)",
                "vkv node");
        assertUsageError(CliRun.of("node", "--listen-addr", "127.0.0.1:7001", "--port", "7002"),
                "--listen-addr sets the host and port: give it or --host/--port, not both", "vkv node");
        assertUsageError(CliRun.of("node", "--mqtt-broker-addr", "localhost", "--broker", "tcp://localhost:1883"),
                "--mqtt-broker-addr/--mqtt-broker-port set the broker: give them or --broker, not both", "vkv node");
        assertUsageError(CliRun.of("node", "--mqtt-broker-port", "70000"),
                "Invalid value for option '--mqtt-broker-port': '70000' is out of range; allowed: 1..65535", "vkv node");
        assertUsageError(CliRun.of("node", "--cluster-secret", "short", "--port", "0"),
                "cluster.secret: the secret is 5 characters; at least 16 are required (or leave it empty to use <data.dir>/cluster.secret)"
                        + " (from --cluster-secret)", "vkv node");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithSuggestions() {
        CliRun run = CliRun.of("frobnicate");
        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().startsWith("Unmatched argument at index 0: 'frobnicate'\nDid you mean"), run::toString);
        assertTrue(run.err().endsWith("\nsee 'vkv --help'\n"), run::toString);
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun help = CliRun.of("get", "--help");
        assertEquals(0, help.status(), help::toString);
        assertTrue(help.out().startsWith("Usage: vkv get"), help::toString);
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.status(), version::toString);
        assertTrue(version.out().matches("vkv \\S+ \\(commit \\S+, built \\S+\\)\n"), version::toString);
    }

    @Test
    void everyNodeCommandReportsAnUnreachableNodeInOneLine() {
        String expected = "cannot reach " + deadNode + ": connection refused; is a vkv node running there?"
                + " (vkv cluster status shows a local cluster)\n";
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
