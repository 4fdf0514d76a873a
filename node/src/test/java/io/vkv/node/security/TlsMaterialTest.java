package io.vkv.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.config.ConfigException;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.config.TlsSettings;
import io.vkv.node.testing.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node refuses to start with TLS material that peers or clients would refuse, and says which file and why. */
class TlsMaterialTest {

    @TempDir
    Path dir;

    private TestCredentials creds;
    private final Instant now = Instant.now();

    @BeforeEach
    void ca() throws Exception {
        creds = TestCredentials.create(dir, "test CA");
    }

    private TlsSettings settings(Path[] certAndKey) {
        return new TlsSettings(Optional.of(certAndKey[0]), Optional.of(certAndKey[1]), Optional.of(creds.caFile()), false);
    }

    private String refusal(TlsSettings settings, String host) {
        return assertThrows(ConfigException.class, () -> TlsMaterial.load(settings, now, host)).getMessage();
    }

    @Test
    void aCertificateOfTheClusterCaNamingTheHostLoads() throws Exception {
        TlsMaterial tls = TlsMaterial.load(settings(creds.issue(CertificateAuthority.Kind.NODE, "n1")), now, "127.0.0.1");
        assertTrue(tls.verifiesPeers());
        assertNotNull(tls.brokerSockets());
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Path[] old = creds.issue(CertificateAuthority.Kind.NODE, "old", TestCredentials.LOOPBACK, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        assertTrue(refusal(settings(old), "127.0.0.1").matches("tls.cert \\(CN=old,OU=vkv-node,O=vkv\\) expired on .*; issue a new one.*"));
    }

    @Test
    void aCertificateNotYetValidIsRefused() throws Exception {
        Path[] early = creds.issue(CertificateAuthority.Kind.NODE, "early", TestCredentials.LOOPBACK, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        assertTrue(refusal(settings(early), "127.0.0.1").contains("is not valid until"));
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() throws Exception {
        Path[] foreign = TestCredentials.create(dir.resolve("other"), "other CA").issue(CertificateAuthority.Kind.NODE, "n1");
        String m = refusal(settings(foreign), "127.0.0.1");
        assertTrue(m.contains("is not signed by tls.ca") && m.contains("issued by CN=other CA"), m);
    }

    @Test
    void aCertificateThatDoesNotNameTheNodesHostIsRefused() throws Exception {
        Path[] elsewhere = creds.issue(CertificateAuthority.Kind.NODE, "n1", List.of("10.1.2.3", "db.example.com"), now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        String m = refusal(settings(elsewhere), "127.0.0.1");
        assertTrue(m.contains("names IP:10.1.2.3, DNS:db.example.com but this node is reached at 127.0.0.1"), m);
        TlsMaterial.load(settings(elsewhere), now, "db.example.com");
        TlsMaterial.load(settings(elsewhere), now, "0.0.0.0"); // a wildcard listener is not a name to check
    }

    @Test
    void aWildcardNameCoversOneLabel() throws Exception {
        Path[] wildcard = creds.issue(CertificateAuthority.Kind.NODE, "n1", List.of("*.vkv.example"), now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        TlsMaterial.load(settings(wildcard), now, "n1.vkv.example");
        assertTrue(refusal(settings(wildcard), "a.n1.vkv.example").contains("would refuse it"));
        assertTrue(refusal(settings(wildcard), "vkv.example").contains("would refuse it"));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path[] a = creds.issue(CertificateAuthority.Kind.NODE, "a");
        Path[] b = creds.issue(CertificateAuthority.Kind.NODE, "b");
        assertEquals("tls.key is not the private key of tls.cert (CN=a,OU=vkv-node,O=vkv): give the key the certificate was issued for",
                refusal(settings(new Path[] {a[0], b[1]}), "127.0.0.1"));
    }

    @Test
    void filesThatAreMissingOrNotPemOrTheWrongKindOfKeyAreRefusedByName() throws Exception {
        Path[] n1 = creds.issue(CertificateAuthority.Kind.NODE, "n1");
        Path missing = dir.resolve("nope.pem");
        assertEquals("tls.cert: " + missing + " does not exist", refusal(settings(new Path[] {missing, n1[1]}), "127.0.0.1"));
        Path garbage = Files.write(dir.resolve("garbage.pem"), new byte[] {(byte) 0xff, 0, 1, 2});
        assertEquals("tls.key: " + garbage + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)",
                refusal(settings(new Path[] {n1[0], garbage}), "127.0.0.1"));
        assertEquals("tls.cert: " + n1[1] + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                refusal(settings(new Path[] {n1[1], n1[1]}), "127.0.0.1"));
        Path sec1 = Files.writeString(dir.resolve("sec1.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertTrue(refusal(settings(new Path[] {n1[0], sec1}), "127.0.0.1").contains("convert it to PKCS#8 with: openssl pkcs8 -topk8"));
        Path badBase64 = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        assertTrue(refusal(settings(new Path[] {badBase64, n1[1]}), "127.0.0.1").contains("not valid base64"));
    }

    @Test
    void theConfigurationRefusesHalfATlsSetupAndTokensOverPlaintext() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.defaults("n1", dir, Map.of(
                ConfigKey.TLS_CERT.key(), "n1.pem", ConfigKey.AUTH_TOKENS.key(), "tokens", ConfigKey.TLS_CLIENT_AUTH.key(), "sometimes")));
        assertTrue(e.getMessage().contains("tls.client-auth: 'sometimes' is neither optional nor require"), e.getMessage());
        ConfigException half = assertThrows(ConfigException.class, () -> NodeConfig.defaults("n1", dir, Map.of(ConfigKey.TLS_CERT.key(), "n1.pem")));
        assertTrue(half.getMessage().contains("tls.key must be set too"), half.getMessage());
        ConfigException plain = assertThrows(ConfigException.class, () -> NodeConfig.defaults("n1", dir, Map.of(ConfigKey.AUTH_TOKENS.key(), "tokens")));
        assertTrue(plain.getMessage().contains("auth.tokens needs TLS"), plain.getMessage());
        ConfigException ssl = assertThrows(ConfigException.class, () -> NodeConfig.defaults("n1", dir, Map.of(ConfigKey.BROKER_URL.key(), "ssl://127.0.0.1:8883")));
        assertTrue(ssl.getMessage().contains("broker.url is ssl:// but tls.cert is not set"), ssl.getMessage());
        ConfigException require = assertThrows(ConfigException.class, () -> NodeConfig.defaults("n1", dir, Map.of(
                ConfigKey.TLS_CERT.key(), "n1.pem", ConfigKey.TLS_KEY.key(), "n1.key", ConfigKey.TLS_CLIENT_AUTH.key(), "require")));
        assertTrue(require.getMessage().contains("tls.client-auth require needs tls.ca"), require.getMessage());
    }
}
