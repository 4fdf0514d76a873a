package io.vkv.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy in front of a real echo server: forwards, cuts (open and new connections), heals, delays. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = FaultProxy.to("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        byte[] buf = s.getInputStream().readNBytes(text.length());
        return new String(buf, StandardCharsets.UTF_8);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void bytesPassBothWays() throws IOException {
        try (Socket s = connect()) {
            assertEquals("hello", roundTrip(s, "hello"));
            assertEquals("tcp://127.0.0.1:" + proxy.port(), proxy.mqttUrl());
        }
    }

    @Test
    void aCutResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket s = connect()) {
            assertEquals("before", roundTrip(s, "before"));
            proxy.cut();
            assertTrue(proxy.isCut());
            assertThrows(IOException.class, () -> {
                roundTrip(s, "during");
                roundTrip(s, "during"); // the reset may surface on the second exchange
            });
        }
        try (Socket s = connect()) {
            IOException e = assertThrows(IOException.class, () -> {
                String got = roundTrip(s, "refused");
                if (got.isEmpty()) {
                    throw new SocketException("closed");
                }
            });
            assertTrue(e instanceof SocketException || e.getMessage() != null, e.toString());
        }
        proxy.heal();
        try (Socket s = connect()) {
            assertEquals("after", roundTrip(s, "after"));
        }
    }

    @Test
    void aDelayHoldsBytesInEachDirectionAndKeepsTheirOrder() throws IOException {
        proxy.delay(150);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            assertEquals("slow", roundTrip(s, "slow"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 300, "150 ms each way, took " + millis + " ms");
            assertEquals("abcdef", roundTrip(s, "abc") + roundTrip(s, "def"));
            proxy.delay(0);
            assertEquals(0, proxy.delayMillis());
            assertEquals("fast", roundTrip(s, "fast"));
        }
        assertThrows(IllegalArgumentException.class, () -> proxy.delay(-1));
    }
}
