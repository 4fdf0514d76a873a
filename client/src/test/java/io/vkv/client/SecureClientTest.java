package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.security.CertificateAuthority;
import io.vkv.node.security.Role;
import io.vkv.node.testing.RunningNode;
import io.vkv.node.testing.TestCredentials;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a node with TLS and tokens: its credentials, and what it reports when they fall short. */
class SecureClientTest {

    @TempDir
    Path dir;

    private TestCredentials creds;
    private RunningNode node;
    private String writer;
    private String reader;

    @BeforeEach
    void start() throws Exception {
        creds = TestCredentials.create(dir.resolve("tls"), "test CA");
        writer = creds.token(Role.WRITE, "app");
        reader = creds.token(Role.READ, "reader");
        node = RunningNode.start(dir.resolve("n1"), "n1", creds.nodeSettings("n1"));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private VkvClient client(Credentials c) {
        return VkvClient.builder().target("127.0.0.1", node.node.port()).credentials(c).deadline(Duration.ofSeconds(10))
                .retry(RetryPolicy.NONE).build();
    }

    @Test
    void aClientWithTheCaAndAWriteTokenPutsGetsAndRoutesByTheRing() throws Exception {
        Credentials c = Credentials.tls(creds.caFile()).withToken(writer);
        try (VkvClient client = client(c)) {
            client.put("k", "v", Context.EMPTY);
            assertEquals("v", new String(client.get("k").value().orElseThrow()));
            assertEquals(1, client.ring().nodes().size());
        }
    }

    @Test
    void aClientCertificateOfTheClusterCaIsPresented() throws Exception {
        Path[] cert = creds.issue(CertificateAuthority.Kind.CLIENT, "app");
        Credentials c = Credentials.tls(creds.caFile()).withCertificate(cert[0], cert[1]).withToken(reader);
        try (VkvClient client = client(c)) {
            assertTrue(client.get("nothing").siblings().isEmpty());
        }
    }

    @Test
    void aReadOnlyTokenIsToldItMayNotWrite() throws Exception {
        try (VkvClient client = client(Credentials.tls(creds.caFile()).withToken(reader))) {
            VkvException e = assertThrows(VkvException.class, () -> client.put("k", "v", Context.EMPTY));
            assertTrue(e.getMessage().contains("token 'reader' has role read; vkv.v1.KeyValue/Put needs role write"), e.getMessage());
        }
    }

    @Test
    void aPlaintextClientOfASecureNodeIsToldItCannotReachIt() {
        try (VkvClient client = client(Credentials.plaintext())) {
            assertThrows(UnavailableException.class, () -> client.get("k"));
        }
    }

    @Test
    void credentialsRefuseATokenWithoutTlsAndFilesThatAreNotThere() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> Credentials.plaintext().withToken("t"));
        assertTrue(plain.getMessage().startsWith("a token is sent only over TLS"), plain.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Credentials.tls(dir.resolve("no-ca.pem")));
        assertEquals("the CA file " + dir.resolve("no-ca.pem") + " does not exist", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Credentials.tls(creds.caFile()).withToken("has space"));
    }
}
