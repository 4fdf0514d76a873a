package io.vkv.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerChoiceTest {

    @Test
    void namedBrokersAreLaunchedAndUrlsAreNot() {
        assertTrue(BrokerChoice.parse("embedded").launched());
        assertEquals(BrokerChoice.MOSQUITTO, BrokerChoice.parse(" mosquitto "));
        BrokerChoice external = BrokerChoice.parse("tcp://broker.example:1883");
        assertFalse(external.launched());
        assertEquals("external", external.kind());
        assertEquals("ssl://b:8883", BrokerChoice.parse("ssl://b:8883").url());
    }

    @Test
    void autoIsMosquittoWhereItIsInstalledAndTheEmbeddedBrokerElsewhere() {
        BrokerChoice expected = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? BrokerChoice.MOSQUITTO : BrokerChoice.EMBEDDED;
        assertEquals(expected, BrokerChoice.parse("auto"));
        assertEquals(expected, BrokerChoice.preferred());
    }

    @Test
    void anythingElseSaysWhatIsExpected() {
        assertEquals("'rabbit' is not a broker: expected auto, embedded, mosquitto or tcp://HOST:PORT",
                assertThrows(IllegalArgumentException.class, () -> BrokerChoice.parse("rabbit")).getMessage());
        assertEquals("'tcp://nohost' is not a broker URL: 'nohost' is not host:port",
                assertThrows(IllegalArgumentException.class, () -> BrokerChoice.parse("tcp://nohost")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BrokerChoice.parse("http://h:1"));
    }
}
