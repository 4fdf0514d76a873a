package io.vkv.node.replication;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.testing.ClusterNode;
import io.vkv.node.testing.Convergence;
import io.vkv.node.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production authentication of broker-config/: Mosquitto with the example password file and
 * the ACL (users n1..n3 of cluster "prod"). Nodes replicate with credentials from the broker URL;
 * anonymous and wrong logins are refused; a user cannot write another node's membership record
 * or another cluster's topics.
 */
class MosquittoAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static MosquittoBroker broker;

    @BeforeAll
    static void start() throws IOException {
        Path config = MosquittoBroker.brokerConfigDir();
        broker = MosquittoBroker.start(tmp.resolve("broker"), List.of(
                "allow_anonymous false",
                "password_file " + config.resolve("vkv.passwd.example").toAbsolutePath(),
                "acl_file " + config.resolve("vkv.acl").toAbsolutePath()));
    }

    @AfterAll
    static void stop() throws IOException {
        broker.close();
    }

    private static String url(String user, String password) {
        return "tcp://" + user + ":" + password + "@127.0.0.1:" + broker.port();
    }

    private static MqttClient client(String id, String user, String password) throws MqttException {
        MqttClient c = new MqttClient(broker.url(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    @Test
    void nodesReplicateWithTheirCredentials() {
        byte[] secret = "auth-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
        try (ClusterNode n1 = ClusterNode.start("n1", tmp.resolve("n1"), ReplicationConfig.forBroker("prod", secret, url("n1", "change-me-n1")));
             ClusterNode n2 = ClusterNode.start("n2", tmp.resolve("n2"), ReplicationConfig.forBroker("prod", secret, url("n2", "change-me-n2")))) {
            await().atMost(WAIT).until(() -> n1.replication().clusterView().members().size() == 2
                    && n2.replication().clusterView().members().size() == 2);
            n1.put("k", "v");
            Convergence.awaitConverged(WAIT, List.of("k"), List.of(n1, n2));
        }
    }

    @Test
    void anonymousAndWrongPasswordsAreRefused() {
        MqttException anonymous = assertThrows(MqttException.class, () -> client("anon", null, null));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode());
        MqttException wrong = assertThrows(MqttException.class, () -> client("wrong", "n1", "guess"));
        assertTrue(wrong.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || wrong.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED, wrong.toString());
    }

    @Test
    void aUserCannotWriteAnotherNodesRecordOrChangesOrAnotherCluster() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient watcher = client("watcher", "n2", "change-me-n2");
        MqttClient n1 = client("intruder", "n1", "change-me-n1");
        try {
            watcher.subscribe("vkv/prod/#", 1, (topic, m) -> {
                if (!m.isRetained()) { // records other tests left behind
                    seen.add(topic);
                }
            });
            n1.publish("vkv/prod/members/n2", "forged".getBytes(StandardCharsets.UTF_8), 1, false);
            n1.publish("vkv/other/to/n2/n1", "elsewhere".getBytes(StandardCharsets.UTF_8), 1, false);
            n1.publish("vkv/prod/to/n2/n3", "impersonation".getBytes(StandardCharsets.UTF_8), 1, false);
            n1.publish("vkv/prod/members/n1", "own record".getBytes(StandardCharsets.UTF_8), 1, false);
            n1.publish("vkv/prod/to/n3/n1", "for another receiver".getBytes(StandardCharsets.UTF_8), 1, false);
            n1.publish("vkv/prod/to/n2/n1", "batch".getBytes(StandardCharsets.UTF_8), 1, false);
            // Mosquitto delivers one publisher's messages in order: once the last arrived, the refused ones never will.
            await().atMost(WAIT).until(() -> seen.contains("vkv/prod/to/n2/n1"));
            assertEquals(List.of("vkv/prod/members/n1", "vkv/prod/to/n2/n1"), seen, "n2 reads only what is addressed to it");
        } finally {
            n1.disconnect();
            n1.close();
            watcher.disconnect();
            watcher.close();
        }
    }
}
