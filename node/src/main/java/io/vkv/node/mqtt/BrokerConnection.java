package io.vkv.node.mqtt;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of a node to the broker (Paho v3), either the node's persistent session
 * under a fixed client id (the broker queues messages for it while the node is away) with its
 * subscriptions and Last Will, or a clean one that only publishes; connection and reconnection
 * with exponential backoff, each transition logged once; subscriptions renewed on every connect
 * (a broker that lost its state has forgotten them), including those added while running; and QoS 1 publishes gated by the inflight
 * window (Paho refuses a publish with 32202 when it is full).
 *
 * <p>Each connection uses a fresh Paho client: publishes still in flight when a connection drops
 * are not resent with DUP on the next one. Moquette 0.17 routes a DUP publish only to subscribers
 * it failed before and, after a restart, crashes its session loop on it; a lost in-flight batch is
 * a gap the receivers see, and anti-entropy repairs it (a reconnect triggers a round anyway).
 */
public final class BrokerConnection {

    /** What the connection reports to its owner; called on Paho's or the connector's thread, must not block long. */
    public interface Handler {
        /** Connected and subscribed; {@code reconnect} is false the first time. */
        void connected(boolean reconnect);

        /** A message arrived on a subscribed topic. */
        void message(String topic, byte[] payload);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final long WAIT_MILLIS = (CONNECT_TIMEOUT_SECONDS + 5) * 1000L;
    private static final long PERMIT_POLL_MILLIS = 100;

    private final Clock clock;
    private final String url;
    private final String clientId;
    private final MqttConnectOptions options;
    private final String[] subscriptions;
    private final ReplicationConfig config;
    private final Handler handler;
    private final ScheduledExecutorService connector;
    private volatile Session session; // the current connection, null before the first attempt
    private volatile boolean closed;
    private boolean everConnected; // connector thread only
    private int failedAttempts; // connector thread only
    private long backoffMillis; // connector thread only
    private long downSinceNanos; // connector thread only

    /**
     * A connection as {@code clientId}: {@code persistent} keeps the session (and its queue) on the
     * broker across disconnections; {@code willTopic} (or null) receives {@code willPayload},
     * retained, if the connection dies; {@code subscriptions} are made on every connect, and a connect
     * counts only once the broker granted each of them.
     */
    public BrokerConnection(ReplicationConfig config, String clientId, boolean persistent, String willTopic, byte[] willPayload,
                     String[] subscriptions, Handler handler, Clock clock, Threads threads) {
        this.clock = clock;
        this.url = config.brokerUrl();
        this.clientId = clientId;
        this.config = config;
        this.subscriptions = subscriptions.clone();
        this.handler = handler;
        this.options = new MqttConnectOptions();
        options.setCleanSession(!persistent);
        options.setAutomaticReconnect(false); // own loop: it renews subscriptions and logs transitions once
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setMaxInflight(config.maxInflight());
        if (url.startsWith("tcp:")) {
            options.setSocketFactory(new BrokerSocketFactory());
        } else {
            config.brokerTls().ifPresent(options::setSocketFactory); // else the JVM's default trust, no client certificate
        }
        if (willTopic != null) {
            options.setWill(willTopic, willPayload, 1, true);
        }
        if (!config.brokerUser().isEmpty()) {
            options.setUserName(config.brokerUser());
            options.setPassword(config.brokerPassword().toCharArray());
        }
        this.connector = Executors.newSingleThreadScheduledExecutor(threads.factory(persistent ? "mqtt-connector" : "mqtt-connector-publisher"));
    }

    /** Starts connecting in the background; the node serves meanwhile. */
    public void start() {
        backoffMillis = config.reconnectMin().toMillis();
        downSinceNanos = clock.nanos();
        connector.execute(this::attempt);
    }

    /** True while the session is up. */
    public boolean connected() {
        Session s = session;
        return s != null && s.up;
    }

    /**
     * Subscribes again on the live connection, for when batches stop arriving although the broker
     * granted the subscriptions at connect (a broker can lose them); a refusal reconnects.
     */
    public void resubscribe() {
        connector.execute(() -> {
            Session s = session;
            if (closed || s == null || !s.up || subscriptions.length == 0) {
                return;
            }
            try {
                subscribe(s);
                LOG.info("subscribed again at {} as {}", url, clientId);
            } catch (MqttException e) {
                LOG.warn("subscribing again at {} as {} failed: {}; reconnecting", url, clientId, describe(e));
                s.discard();
                downSinceNanos = clock.nanos();
                backoffMillis = config.reconnectMin().toMillis();
                scheduleAttempt();
            }
        });
    }

    private void subscribe(Session s) throws MqttException {
        int[] qos = new int[subscriptions.length];
        Arrays.fill(qos, 1);
        IMqttToken subscribed = s.client.subscribe(subscriptions, qos);
        subscribed.waitForCompletion(WAIT_MILLIS);
        requireGranted(subscribed.getGrantedQos());
    }

    private void attempt() {
        if (closed) {
            return;
        }
        Session s;
        try {
            s = new Session();
            session = s;
            s.client.connect(options).waitForCompletion(WAIT_MILLIS);
            if (subscriptions.length > 0) {
                subscribe(s);
            }
        } catch (MqttException e) {
            failed(e);
            return;
        }
        if (!everConnected) {
            LOG.info("connected to broker {} as {}", url, clientId);
        } else {
            LOG.info("reconnected to broker {} as {} after {} ms ({} failed attempts)", url, clientId,
                    (clock.nanos() - downSinceNanos) / 1_000_000, failedAttempts);
        }
        boolean reconnect = everConnected;
        everConnected = true;
        failedAttempts = 0;
        backoffMillis = config.reconnectMin().toMillis();
        s.up = true;
        try {
            handler.connected(reconnect);
        } catch (RuntimeException e) {
            LOG.warn("handling the connection to {} failed: {}", url, e.toString());
        }
    }

    /**
     * Refuses a connect whose SUBACK did not grant every subscription: a node that believes it is
     * subscribed while the broker is not would silently stop receiving (seen with Moquette once in ten
     * fresh clusters), so the attempt fails and the connect loop tries again.
     */
    private void requireGranted(int[] granted) throws MqttException {
        if (granted == null || granted.length != subscriptions.length) {
            throw new MqttException(MqttException.REASON_CODE_UNEXPECTED_ERROR,
                    new IllegalStateException("the broker acknowledged " + (granted == null ? 0 : granted.length) + " of "
                            + subscriptions.length + " subscriptions"));
        }
        for (int i = 0; i < granted.length; i++) {
            if (granted[i] < 0 || granted[i] > 2) {
                throw new MqttException(MqttException.REASON_CODE_UNEXPECTED_ERROR,
                        new IllegalStateException("the broker refused the subscription to " + subscriptions[i]));
            }
        }
    }

    private void failed(MqttException e) {
        Session s = session;
        if (s != null) {
            s.discard();
        }
        if (failedAttempts++ == 0 && !everConnected) { // after a loss, "reconnecting" was said already
            LOG.warn("cannot reach broker {} as {}: {}; retrying every {}..{} ms until it answers", url, clientId, describe(e),
                    config.reconnectMin().toMillis(), config.reconnectMax().toMillis());
        }
        scheduleAttempt();
    }

    private void scheduleAttempt() {
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, config.reconnectMax().toMillis());
        connector.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void lost(Session s, Throwable cause) {
        s.up = false;
        if (closed) {
            return;
        }
        LOG.warn("lost connection to broker {} as {}: {}; reconnecting", url, clientId, cause == null ? "closed" : describe(cause));
        connector.execute(() -> {
            s.discard();
            downSinceNanos = clock.nanos();
            backoffMillis = config.reconnectMin().toMillis();
            scheduleAttempt();
        });
    }

    /**
     * Publishes at QoS 1, waiting for room in the inflight window while connected; returns false
     * at once when not connected (the caller leaves the data to anti-entropy).
     */
    public boolean publish(String topic, byte[] payload, boolean retained) throws InterruptedException {
        Session s;
        while ((s = session) != null && s.up && !closed) {
            if (!s.inflight.tryAcquire(PERMIT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            try {
                s.client.publish(topic, payload, 1, retained);
                return true;
            } catch (MqttException e) {
                s.inflight.release();
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    return false;
                }
                Thread.sleep(1); // Paho's own count lags our permits by a PUBACK being processed
            }
        }
        return false;
    }

    /**
     * Publishes a retained farewell (when {@code lastTopic} is not null), disconnects after up to a
     * second for publishes in flight (a persistent session stays on the broker, which queues for the
     * node until it returns) and stops.
     */
    public void close(String lastTopic, byte[] lastPayload) throws InterruptedException {
        if (closed) {
            return;
        }
        if (lastTopic != null) {
            publish(lastTopic, lastPayload, true);
        }
        closed = true;
        connector.shutdownNow();
        try {
            connector.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } finally {
            Session s = session;
            if (s != null) {
                s.close();
            }
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage();
        return root == t ? String.valueOf(msg) : msg + " (" + root + ")";
    }

    /** One Paho client and connection, with its own inflight window. */
    private final class Session implements MqttCallback {
        final MqttAsyncClient client;
        final Semaphore inflight = new Semaphore(config.maxInflight());
        volatile boolean up;

        Session() throws MqttException {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence()); // never the file default: it writes into the cwd
            client.setCallback(this); // before connect: a persistent session delivers queued messages at once
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost(this, cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                handler.message(topic, message.getPayload());
            } catch (RuntimeException e) {
                // An exception escaping here would make Paho drop the connection.
                LOG.warn("handling a message on {} failed: {}", topic, e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            inflight.release();
        }

        /** Drops the connection at once (after a failure or a loss). */
        void discard() {
            up = false;
            try {
                // Also when not connected: a connect that timed out may still complete, and a client left connected
                // under this id would take the broker session back and forth with the next attempt's.
                client.disconnectForcibly(0, 1000);
            } catch (MqttException e) {
                LOG.debug("disconnecting the discarded MQTT client of {}: {}", url, e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("discarding the MQTT client of {}: {}", url, e.toString());
            }
        }

        /** Disconnects politely, giving publishes in flight a second, then releases the client. */
        public void close() {
            boolean disconnected = !client.isConnected();
            try {
                if (!disconnected) {
                    client.disconnect(1000).waitForCompletion(WAIT_MILLIS);
                    disconnected = true;
                }
            } catch (MqttException e) {
                LOG.debug("disconnecting from {}: {}", url, e.toString());
            }
            up = false;
            try {
                // Forcing the close while Paho's receiver still runs can kill it with an NPE (Paho issue 955).
                client.close(!disconnected);
            } catch (MqttException e) {
                LOG.debug("closing the MQTT client of {}: {}", url, e.toString());
            }
        }
    }
}
