package io.vkv.node.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.vkv.broker.EmbeddedBroker;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.TlsSettings;
import io.vkv.node.testing.MosquittoBroker;
import io.vkv.node.testing.RunningNode;
import io.vkv.node.testing.TestCredentials;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.testkit.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that replicate through a TLS broker, embedded or Mosquitto: they converge, and nothing else gets in. */
class SecureClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Map<String, String> nodeSettings(TestCredentials creds, String id, String brokerUrl) throws Exception {
        Map<String, String> s = new HashMap<>(creds.nodeSettings(id));
        s.put(ConfigKey.BROKER_URL.key(), brokerUrl);
        s.put(ConfigKey.CLUSTER_SECRET.key(), "a-secret-of-this-test-cluster");
        return s;
    }

    private static void putThroughOneGetThroughTheOther(TestCredentials creds, String token, RunningNode a, RunningNode b, String value)
            throws Exception {
        ManagedChannel ca = TestCredentials.channel(a.node.port(), creds.caFile(), null, token);
        ManagedChannel cb = TestCredentials.channel(b.node.port(), creds.caFile(), null, token);
        try {
            KeyValueGrpc.newBlockingStub(ca).put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))
                    .setValue(ByteString.copyFromUtf8(value)).build());
            GetRequest get = GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build();
            await().atMost(WAIT).until(() -> {
                var r = KeyValueGrpc.newBlockingStub(cb).get(get);
                return r.getFound() && r.getSiblings(0).getValue().toStringUtf8().equals(value);
            });
        } finally {
            ca.shutdownNow();
            cb.shutdownNow();
        }
    }

    /** Connects a bare MQTT client with {@code sockets}; returns the failure, or null when the broker let it in. */
    private static MqttException connect(String url, SocketFactory sockets) throws Exception {
        MqttClient client = new MqttClient(url, "probe-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(10);
        if (sockets != null) {
            o.setSocketFactory(sockets);
        }
        try {
            client.connect(o);
            client.disconnect();
            return null;
        } catch (MqttException e) {
            return e;
        } finally {
            client.close();
        }
    }

    private static TlsMaterial material(Path[] certAndKey, Path ca) {
        return TlsMaterial.load(new TlsSettings(Optional.of(certAndKey[0]), Optional.of(certAndKey[1]), Optional.of(ca), false),
                Instant.now(), "127.0.0.1");
    }

    /**
     * A node certificate named {@code id} from another CA, whose holder trusts both CAs: it would accept the broker, so
     * only the broker can refuse it.
     */
    private TlsMaterial impostor(TestCredentials creds, String id) throws Exception {
        TestCredentials other = TestCredentials.create(dir.resolve("other-" + id), "other CA");
        Path[] foreign = other.issue(CertificateAuthority.Kind.NODE, id);
        Path both = Files.writeString(dir.resolve("both-" + id + ".pem"), Files.readString(other.caFile()) + Files.readString(creds.caFile()));
        return material(foreign, both);
    }

    @Test
    void nodesReplicateThroughTheEmbeddedBrokerOverTlsAndTheLinkIsNotPlaintext() throws Exception {
        TestCredentials creds = TestCredentials.create(dir.resolve("tls"), "test CA");
        String writer = creds.token(Role.WRITE, "writer");
        Path[] broker = creds.issue(CertificateAuthority.Kind.BROKER, "broker");
        try (EmbeddedBroker b = EmbeddedBroker.start(0, null, new EmbeddedBroker.Tls(broker[0], broker[1], creds.caFile()));
             FaultProxy capture = FaultProxy.to("127.0.0.1", b.port())) {
            assertTrue(b.url().startsWith("ssl://"), b.url());
            capture.startCapture();
            String viaCapture = "ssl://127.0.0.1:" + capture.port();
            try (RunningNode n1 = RunningNode.start(dir.resolve("n1"), "n1", nodeSettings(creds, "n1", viaCapture));
                 RunningNode n2 = RunningNode.start(dir.resolve("n2"), "n2", nodeSettings(creds, "n2", viaCapture))) {
                String value = "replicated-value-" + System.nanoTime();
                putThroughOneGetThroughTheOther(creds, writer, n1, n2, value);
                String seen = new String(capture.captured(), StandardCharsets.ISO_8859_1);
                assertTrue(seen.length() > 500, "captured " + seen.length() + " bytes");
                assertFalse(seen.contains(value) || seen.contains("vkv/vkv/members") || seen.contains("MQTT"),
                        "MQTT crossed the loopback in plaintext");
            }
            // Without a certificate, or with one of another CA, a client cannot get in.
            assertTrue(connect(b.url(), null) != null, "a client without TLS connected");
            assertTrue(connect(b.url(), impostor(creds, "n3").brokerSockets()) != null, "a node certificate of another CA connected");
            assertEquals(null, connect(b.url(), material(creds.issue(CertificateAuthority.Kind.NODE, "n4"), creds.caFile()).brokerSockets()));
        }
    }

    @Test
    void nodesReplicateThroughMosquittoOverTlsWithTheirCertificateAsTheirAclIdentity() throws Exception {
        assumeTrue(Files.isExecutable(MosquittoBroker.BINARY), "mosquitto is not installed");
        TestCredentials creds = TestCredentials.create(dir.resolve("tls"), "test CA");
        String writer = creds.token(Role.WRITE, "writer");
        Path[] broker = creds.issue(CertificateAuthority.Kind.BROKER, "broker");
        Path acl = Files.writeString(dir.resolve("vkv.acl"), String.join("\n",
                "pattern write vkv/vkv/to/+/%u", "pattern read vkv/vkv/to/%u/+", "pattern write vkv/vkv/members/%u",
                "pattern read vkv/vkv/members/#", ""));
        try (MosquittoBroker b = MosquittoBroker.start(dir.resolve("mosquitto"), List.of(
                "cafile " + creds.caFile(), "certfile " + broker[0], "keyfile " + broker[1], "require_certificate true",
                "use_identity_as_username true", "allow_anonymous false", "acl_file " + acl))) {
            String url = "ssl://127.0.0.1:" + b.port();
            try (RunningNode n1 = RunningNode.start(dir.resolve("n1"), "n1", nodeSettings(creds, "n1", url));
                 RunningNode n2 = RunningNode.start(dir.resolve("n2"), "n2", nodeSettings(creds, "n2", url))) {
                putThroughOneGetThroughTheOther(creds, writer, n1, n2, "through-mosquitto");
            }
            assertTrue(connect(url, null) != null, "a client without TLS connected");
            assertTrue(connect(url, impostor(creds, "n1").brokerSockets()) != null, "a node certificate of another CA connected");
        }
    }
}
