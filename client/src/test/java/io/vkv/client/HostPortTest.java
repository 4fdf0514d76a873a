package io.vkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesHostAndPort() {
        assertEquals(new HostPort("127.0.0.1", 7001), HostPort.parse("127.0.0.1:7001"));
        assertEquals(new HostPort("node-1.local", 9), HostPort.parse(" node-1.local:9 "));
    }

    @Test
    void parsesBracketedIpv6AndPrintsItBack() {
        HostPort hp = HostPort.parse("[::1]:7001");
        assertEquals("::1", hp.host());
        assertEquals("[::1]:7001", hp.toString());
    }

    @Test
    void refusesMalformedAddressesSayingWhy() {
        assertEquals("'localhost' is not host:port", message("localhost"));
        assertEquals("':7001' is not host:port", message(":7001"));
        assertEquals("'h:' is not host:port", message("h:"));
        assertEquals("'h:x1' is not host:port: 'x1' is not a port number", message("h:x1"));
        assertEquals("'h:70000' is not host:port: port must be 1..65535", message("h:70000"));
        assertEquals("'::1:7001' is not host:port (write an IPv6 address as [addr]:port)", message("::1:7001"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text)).getMessage();
    }
}
