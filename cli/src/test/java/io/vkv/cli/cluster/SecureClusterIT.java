package io.vkv.cli.cluster;

import static io.vkv.cli.cluster.PackagedVkv.inProcess;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.cli.cluster.PackagedVkv.Run;
import io.vkv.client.Context;
import io.vkv.client.VkvClient;
import io.vkv.node.security.CertificateAuthority;
import io.vkv.node.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vkv cluster up --secure} on real processes: its own tools get in with the right role, nothing else does. */
class SecureClusterIT {

    @TempDir
    Path tmp;

    private Path dir;

    @AfterEach
    void takeDown() {
        if (dir != null) {
            inProcess("cluster", "down", "--purge", "--dir", dir.toString());
        }
    }

    private Run vkv(String... args) {
        return inProcess(args);
    }

    @Test
    void aSecureClusterServesItsToolsByRoleAndRefusesPlaintextAndForeignCertificates() throws Exception {
        dir = tmp.resolve("secure");
        int base = PackagedVkv.freePorts(3);
        Run up = vkv("cluster", "up", "--secure", "--nodes", "3", "--broker", "embedded", "--base-port", String.valueOf(base),
                "--dir", dir.toString());
        assertEquals(0, up.status(), up::toString);
        assertTrue(up.out().contains("secure: TLS with CA "), up::toString);
        String n1 = "127.0.0.1:" + base;
        String n2 = "127.0.0.1:" + (base + 1);
        String d = dir.toString();

        // The CLI pointed at the directory uses its admin token; a write through n1 is read through n2.
        Run put = vkv("put", "k", "v", "--node", n1, "--dir", d);
        assertEquals(0, put.status(), put::toString);
        await().atMost(Duration.ofSeconds(30)).until(() -> vkv("get", "k", "--node", n2, "--dir", d).out().contains("v"));

        // A read-only token reads and scans; its put is PERMISSION_DENIED, said so.
        String read = dir.resolve("secure/read.token").toString();
        assertEquals(0, vkv("get", "k", "--node", n1, "--dir", d, "--token-file", read).status());
        Run scan = vkv("scan", "--node", n1, "--dir", d, "--token-file", read);
        assertTrue(scan.status() == 0 && scan.out().contains("k"), scan::toString);
        Run denied = vkv("put", "k", "w", "--node", n1, "--dir", d, "--token-file", read);
        assertNotEquals(0, denied.status());
        assertTrue(denied.err().contains("token 'read' has role read; vkv.v1.KeyValue/Put needs role write"), denied::toString);

        // Plaintext is refused.
        Run plain = vkv("get", "k", "--node", n1, "--dir", tmp.resolve("no-cluster").toString());
        assertNotEquals(0, plain.status(), plain::toString);

        // A client certificate of another CA is refused, even with the admin token.
        Instant now = Instant.now();
        CertificateAuthority other = CertificateAuthority.create("other CA", now.minusSeconds(60), now.plus(Duration.ofDays(1)), new SecureRandom());
        Path cert = tmp.resolve("mallory.pem");
        Path key = tmp.resolve("mallory.key");
        other.issue(CertificateAuthority.Kind.CLIENT, "mallory", List.of("127.0.0.1"), now.minusSeconds(60), now.plus(Duration.ofDays(1))).write(cert, key);
        Run foreign = vkv("get", "k", "--node", n1, "--tls-ca", dir.resolve("secure/ca.pem").toString(), "--tls-cert", cert.toString(),
                "--tls-key", key.toString(), "--token-file", dir.resolve("secure/admin.token").toString());
        assertNotEquals(0, foreign.status(), foreign::toString);

        // The Java client with the directory's credentials.
        try (VkvClient client = VkvClient.builder().target(n2).credentials(new ClusterDir(dir).secure().credentials(Role.WRITE)).build()) {
            client.put("from-java", "yes", Context.EMPTY);
            assertEquals("yes", new String(client.get("from-java").value().orElseThrow()));
        }

        // The console, as a process reading typed lines.
        Path typed = Files.writeString(tmp.resolve("typed.txt"), "put typed yes\nget typed\nquit\n");
        Path screen = tmp.resolve("screen.txt");
        Process console = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                PackagedVkv.JAR.toString(), "console", "--dir", d, "--node", n1, "--history", tmp.resolve("history").toString())
                .redirectInput(typed.toFile()).redirectErrorStream(true).redirectOutput(screen.toFile()).start();
        assertTrue(console.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the console did not leave");
        String shown = Files.readString(screen);
        assertTrue(shown.contains("vkv n1> ok") && shown.contains("vkv n1> yes"), shown);

        // The bench, and the launcher's own status.
        Run bench = vkv("bench", "--node", n1, "--dir", d, "--duration", "1s", "--warmup", "0s", "--keys", "100");
        assertEquals(0, bench.status(), bench::toString);
        Run status = vkv("cluster", "status", "--json", "--dir", d);
        assertEquals(4, java.util.regex.Pattern.compile("\"pid\":\\d+,\"status\":\"up\"").matcher(status.out()).results().count(),
                status::toString); // the broker and 3 nodes, probed over TLS

        // A token issued now works within seconds, without a restart.
        Run issued = vkv("token", "new", "--role", "write", "--name", "late-app", "--dir", d);
        assertEquals(0, issued.status(), issued::toString);
        Path late = Files.writeString(tmp.resolve("late.token"), issued.out().strip());
        await().atMost(Duration.ofSeconds(20)).until(() -> vkv("put", "late", "1", "--node", n1, "--dir", d, "--token-file", late.toString()).status() == 0);
        Run twice = vkv("token", "new", "--role", "read", "--name", "late-app", "--dir", d);
        assertTrue(twice.status() != 0 && twice.err().contains("the name late-app is already used"), twice::toString);
    }
}
