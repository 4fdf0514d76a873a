package io.vkv.examples.enrollment;

import br.ufu.facom.gbc074.projeto.cadastro.PortalAdministrativoGrpc;
import br.ufu.facom.gbc074.projeto.matricula.PortalMatriculaGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.client.VkvClient;
import io.vkv.node.testing.RingCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Two vkv nodes with an admin and an enrollment portal on each, and an MQTT subscriber to {@code portal/#}. */
final class PortalFixture implements AutoCloseable {

    final RingCluster cluster;
    final List<String> announced = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private volatile boolean closed;
    private final List<PortalAdministrativoGrpc.PortalAdministrativoBlockingStub> admins = new ArrayList<>();
    private final List<PortalMatriculaGrpc.PortalMatriculaBlockingStub> enrollments = new ArrayList<>();

    PortalFixture(Path dir) throws Exception {
        this(dir, Map.of());
    }

    /** As {@link #PortalFixture(Path)}, every node also configured with {@code nodeSettings}. */
    PortalFixture(Path dir, Map<String, String> nodeSettings) throws Exception {
        cluster = RingCluster.start(dir, 2, 2, nodeSettings);
        MqttClient subscriber = subscribe();
        open.add(() -> {
            closed = true;
            if (subscriber.isConnected()) {
                subscriber.disconnectForcibly(1000);
            }
            subscriber.close(true);
        });
        for (String node : List.of("n1", "n2")) {
            admins.add(PortalAdministrativoGrpc.newBlockingStub(channel(start(PortalServer.Portal.ADMIN, node))));
            enrollments.add(PortalMatriculaGrpc.newBlockingStub(channel(start(PortalServer.Portal.ENROLLMENT, node))));
        }
    }

    /**
     * A subscriber to {@code portal/#} that is back on a restarted broker within 50 ms, well before the portals' announcers
     * (Paho's automatic reconnect waits at least a second): a clean session misses what is published before it subscribes.
     */
    private MqttClient subscribe() throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        MqttClient subscriber = new MqttClient(cluster.brokerUrl(), "portal-watcher", new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                Thread again = new Thread(() -> connect(subscriber, o), "portal-watcher-reconnect");
                again.setDaemon(true);
                again.start();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                announced.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        connect(subscriber, o);
        return subscriber;
    }

    /** Connects and subscribes, trying every 50 ms until it works or the fixture closes. */
    private void connect(MqttClient subscriber, MqttConnectOptions o) {
        while (!closed) {
            try {
                subscriber.connect(o);
                subscriber.subscribe("portal/#", 1);
                return;
            } catch (MqttException e) {
                try {
                    if (subscriber.isConnected()) {
                        subscriber.disconnectForcibly(100, 100);
                    }
                    Thread.sleep(50);
                } catch (MqttException | InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private PortalServer start(PortalServer.Portal portal, String node) throws Exception {
        VkvClient kv = VkvClient.builder().target(cluster.node(node).address()).routing(false).deadline(Duration.ofSeconds(10)).build();
        PortalServer server = PortalServer.start(portal, "127.0.0.1", 0, kv,
                MqttAnnouncer.connect(cluster.brokerUrl(), portal.name().toLowerCase() + "-" + node));
        open.add(server);
        open.add(kv);
        return server;
    }

    private ManagedChannel channel(PortalServer server) {
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        open.add(() -> c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return c;
    }

    /** The admin portal on node {@code i} (0: n1, 1: n2). */
    PortalAdministrativoGrpc.PortalAdministrativoBlockingStub admin(int i) {
        return admins.get(i).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** The enrollment portal on node {@code i} (0: n1, 1: n2). */
    PortalMatriculaGrpc.PortalMatriculaBlockingStub enrollment(int i) {
        return enrollments.get(i).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        cluster.close();
    }
}
