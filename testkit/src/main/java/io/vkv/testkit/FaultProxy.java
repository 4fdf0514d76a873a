package io.vkv.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fault-injecting TCP proxy on loopback, put between one node and the broker. {@link #cut()} resets every open
 * connection and refuses new ones (accepted and reset at once, so the port stays the proxy's) until {@link #heal()};
 * {@link #delay(long)} holds every byte that long in each direction, keeping order, until {@link #delay(long)} 0.
 * Shared by the node's replication tests and the simulations.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile long delayMillis;
    private volatile boolean closed;
    private volatile ByteArrayOutputStream capture; // null: bytes pass unrecorded

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port forwarding to {@code host:port}. */
    public static FaultProxy to(String host, int port) throws IOException {
        return new FaultProxy(new InetSocketAddress(host, port));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code tcp://127.0.0.1:<port>}: the proxy as an MQTT broker URL. */
    public String mqttUrl() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Records every byte that passes from now on, both directions, as a capture on the loopback would see it. */
    public void startCapture() {
        capture = new ByteArrayOutputStream();
    }

    /** The bytes recorded since {@link #startCapture()}. */
    public byte[] captured() {
        ByteArrayOutputStream c = capture;
        if (c == null) {
            throw new IllegalStateException("startCapture() was not called");
        }
        synchronized (c) {
            return c.toByteArray();
        }
    }

    /** Resets every open connection and refuses new ones until {@link #heal()}. */
    public void cut() {
        cut = true;
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    /** Lets connections through again; clients reconnect on their own. */
    public void heal() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /** Holds bytes {@code millis} in each direction from now on (0: forward at once). */
    public void delay(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("delay must not be negative, got " + millis);
        }
        delayMillis = millis;
    }

    public long delayMillis() {
        return delayMillis;
    }

    /** Connections currently open through the proxy (each counts its two sockets once). */
    public int openConnections() {
        return sockets.size() / 2;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                reset(client); // the broker is down: the client sees its connection fail, as it would without the proxy
                reset(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            if (cut) { // cut while connecting
                reset(client);
                reset(upstream);
                sockets.remove(client);
                sockets.remove(upstream);
                continue;
            }
            forward(client, upstream);
            forward(upstream, client);
        }
    }

    /** Copies {@code from} to {@code to}: a reader stamps each chunk, a writer sends it once its delay has passed. */
    private void forward(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    ByteArrayOutputStream c = capture;
                    if (c != null) {
                        synchronized (c) {
                            c.write(buf, 0, n);
                        }
                    }
                    queue.add(new Chunk(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), Arrays.copyOf(buf, n)));
                }
            } catch (IOException e) {
                // cut, reset or closed by either side: the link is gone
            } finally {
                queue.add(Chunk.END);
            }
        }, "fault-proxy-read-" + port());
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk c = queue.take(); c != Chunk.END; c = queue.take()) {
                    long wait = c.due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.write(c.bytes);
                }
            } catch (IOException | InterruptedException e) {
                // the link is gone
            } finally {
                reset(from);
                reset(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "fault-proxy-write-" + port());
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Bytes read at some moment, due for sending at {@code due} (nanoTime). */
    private record Chunk(long due, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // a reset, like a broken link, rather than a polite FIN
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
