package io.vkv.examples.enrollment;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces changes through an MQTT broker (QoS 1, not retained). It reconnects on its own, and keeps up to 10,000
 * announcements made while disconnected to send once connected, so a broker outage delays announcements, not loses them
 * (those of a portal that stops meanwhile are lost: vkv holds the changes themselves).
 */
public final class MqttAnnouncer implements Announcer {

    private static final Logger log = LoggerFactory.getLogger(MqttAnnouncer.class);
    private static final long CONNECT_WAIT_MILLIS = 5000;

    private final MqttAsyncClient client;

    private MqttAnnouncer(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects to {@code brokerUrl} (tcp://host:port) as {@code clientId}; the portal serves meanwhile. */
    public static MqttAnnouncer connect(String brokerUrl, String clientId) {
        try {
            MqttAsyncClient c = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(2000); // Paho's default grows to two minutes: announcements would lag a broker outage that long
            o.setCleanSession(true);
            o.setMaxInflight(1000);
            DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(10_000);
            buffer.setDeleteOldestMessages(true);
            c.setBufferOpts(buffer);
            try {
                c.connect(o).waitForCompletion(CONNECT_WAIT_MILLIS);
            } catch (MqttException e) {
                // Not up yet: the first connect failing stops Paho, so keep trying in the background.
                log.warn("broker {} not reachable yet ({}); announcements wait for it", brokerUrl, e.getMessage());
                retryConnect(c, o);
            }
            return new MqttAnnouncer(c);
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the broker " + brokerUrl + ": " + e.getMessage(), e);
        }
    }

    private static void retryConnect(MqttAsyncClient c, MqttConnectOptions o) {
        Thread t = new Thread(() -> {
            while (!c.isConnected()) {
                try {
                    Thread.sleep(1000);
                    c.connect(o).waitForCompletion(CONNECT_WAIT_MILLIS);
                } catch (MqttException e) {
                    log.debug("broker still not reachable: {}", e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "announcer-connect");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void announce(String topic, String json) {
        try {
            client.publish(topic, new MqttMessage(json.getBytes(StandardCharsets.UTF_8)));
        } catch (MqttException e) {
            log.warn("announcing {} failed: {}", topic, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close();
        } catch (MqttException e) {
            log.debug("closing the MQTT client: {}", e.getMessage());
        }
    }
}
