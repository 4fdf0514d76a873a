package io.vkv.node.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.internal.wire.CountingInputStream;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.junit.jupiter.api.Test;

/** Paho decodes received payloads through vkv's CountingInputStream, which reads in bulk and still counts. */
class PahoPayloadReadTest {

    @Test
    void theCountingStreamPahoLoadsIsVkvsAndReadsInBulk() throws Exception {
        assertEquals(CountingInputStream.class.getDeclaredMethod("read", byte[].class, int.class, int.class).getDeclaringClass(),
                CountingInputStream.class, "vkv's class shadows Paho's");
        int[] singleByteReads = {0};
        InputStream source = new ByteArrayInputStream(new byte[1000]) {
            @Override
            public synchronized int read() {
                singleByteReads[0]++;
                return super.read();
            }
        };
        CountingInputStream counting = new CountingInputStream(source);
        assertEquals(1000, counting.readAllBytes().length);
        assertEquals(1000, counting.getCounter());
        assertEquals(0, singleByteReads[0]);
    }

    @Test
    void aDecodedPublishCarriesItsTopicAndPayloadIntact() throws Exception {
        byte[] topic = "vkv/prod/to/n2/n1".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[5000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] body = new byte[2 + topic.length + 2 + payload.length];
        body[1] = (byte) topic.length;
        System.arraycopy(topic, 0, body, 2, topic.length);
        body[2 + topic.length + 1] = 42; // message id
        System.arraycopy(payload, 0, body, 4 + topic.length, payload.length);
        MqttPublish publish = new MqttPublish((byte) 0x32, body); // PUBLISH, QoS 1
        assertEquals("vkv/prod/to/n2/n1", publish.getTopicName());
        assertEquals(42, publish.getMessageId());
        assertArrayEquals(payload, publish.getMessage().getPayload());
    }
}
