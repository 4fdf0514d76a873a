package io.vkv.node.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vkv.proto.internal.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeSignerTest {

    private final EnvelopeSigner signer = new EnvelopeSigner("a-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private final byte[] payload = new byte[300]; // a multi-byte length prefix

    EnvelopeSignerTest() {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
    }

    @Test
    void sealingInPlaceGivesTheBytesOfTheSealedMessage() throws Exception {
        byte[] inPlace = signer.seal(EnvelopeSigner.BATCH, payload.length, out -> out.writeRawBytes(payload));

        assertArrayEquals(signer.seal(EnvelopeSigner.BATCH, payload.clone()).toByteArray(), inPlace);
        assertTrue(signer.verify(EnvelopeSigner.BATCH, SignedEnvelope.parseFrom(inPlace)));
    }

    @Test
    void anEnvelopeVerifiesOnlyAsItsKindUnderItsSecret() {
        SignedEnvelope sealed = signer.seal(EnvelopeSigner.MEMBER, payload.clone());

        assertTrue(signer.verify(EnvelopeSigner.MEMBER, sealed));
        assertFalse(signer.verify(EnvelopeSigner.BATCH, sealed.toBuilder().setKind(EnvelopeSigner.BATCH).build()));
        assertFalse(new EnvelopeSigner("another-secret".getBytes(StandardCharsets.UTF_8)).verify(EnvelopeSigner.MEMBER, sealed));
        byte[] tampered = payload.clone();
        tampered[0] ^= 1;
        assertFalse(signer.verify(EnvelopeSigner.MEMBER, sealed.toBuilder().setPayload(ByteString.copyFrom(tampered)).build()));
    }

    @Test
    void aPayloadOfAnotherSizeThanAnnouncedIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> signer.seal(EnvelopeSigner.BATCH, payload.length, out -> out.writeRawBytes(payload, 0, 10)));
        assertThrows(IllegalStateException.class,
                () -> signer.seal(EnvelopeSigner.BATCH, 10, out -> out.writeRawBytes(payload)));
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeSigner(new byte[0]));
    }
}
