package io.vkv.node.testing;

import java.io.IOException;

/** An MQTT broker a test starts, restarts and stops: the embedded Moquette or a Mosquitto process. */
public interface TestBroker extends AutoCloseable {

    /** The URL nodes connect to. */
    String url();

    /** The port it listens on (kept across restarts). */
    int port();

    /** CPU time its process used so far; 0 for one running inside this JVM, whose threads count there. */
    long cpuNanos();

    /** Stops the broker until {@link #start}; sessions, queues and retained messages are kept if it persists them. */
    void stop() throws IOException;

    /** Starts it again on the same port, with its saved state, or without any state at all. */
    void start(boolean keepState) throws IOException;

    /** Stops it for good. */
    @Override
    void close() throws IOException;
}
