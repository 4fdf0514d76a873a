package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.VersionVector;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTokensTest {

    private static final byte[] SECRET = "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);
    private static final Actor A = new Actor("n1", 0xabc);
    private static final Actor B = new Actor("n2", 0xdef);
    private static final VersionVector VV = VersionVector.of(Map.of(A, 3L, B, 7L));

    private final ContextTokens tokens = new ContextTokens(SECRET, new KeyStateCodec());

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTokenCarriesItsVersionVectorBack() {
        ByteString token = tokens.issue(key("k"), VV);
        assertEquals(VV, tokens.verify(key("k"), token));
    }

    @Test
    void anotherInstanceWithTheSameSecretAcceptsTheToken() {
        ByteString token = tokens.issue(key("k"), VV);
        assertEquals(VV, new ContextTokens(SECRET.clone(), new KeyStateCodec()).verify(key("k"), token));
    }

    @Test
    void theEmptyContextIsTheEmptyToken() {
        assertTrue(tokens.issue(key("k"), VersionVector.EMPTY).isEmpty());
        assertEquals(VersionVector.EMPTY, tokens.verify(key("k"), ByteString.EMPTY));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedAsForged() {
        ContextTokens other = new ContextTokens(key("another-secret-of-cluster-2"), new KeyStateCodec());
        ByteString forged = other.issue(key("k"), VV);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> tokens.verify(key("k"), forged));
        assertEquals("context token was not issued by this cluster (bad signature)", e.getMessage());
    }

    @Test
    void aTokenWithARaisedCounterIsRefusedAsForged() {
        ByteString honest = tokens.issue(key("k"), VersionVector.of(new Dot(A, 1)));
        ByteString inflated = tokens.issue(key("k"), VersionVector.of(new Dot(A, 9)));
        // Splice the larger vector's body onto the honest token's signature: what a client forging a context would try.
        byte[] t = inflated.toByteArray();
        byte[] h = honest.toByteArray();
        System.arraycopy(h, h.length - 32, t, t.length - 32, 32);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> tokens.verify(key("k"), ByteString.copyFrom(t)));
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
    }

    @Test
    void everySingleFlippedBitIsDetected() {
        byte[] t = tokens.issue(key("k"), VV).toByteArray();
        for (int i = 0; i < t.length; i++) {
            byte[] copy = t.clone();
            copy[i] ^= 0x01;
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> tokens.verify(key("k"), ByteString.copyFrom(copy)), "flipped byte " + i);
            assertTrue(e.getMessage().startsWith("context token "), e.getMessage());
        }
    }

    @Test
    void aTokenForAnotherKeyIsRefusedNamingBothKeys() {
        ByteString token = tokens.issue(key("x"), VV);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> tokens.verify(key("y"), token));
        assertEquals("context token was issued for key 'x', not 'y'", e.getMessage());
    }

    @Test
    void binaryKeysAreNamedInHex() {
        ByteString token = tokens.issue(new byte[] {0, 1, (byte) 0xff}, VV);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> tokens.verify(key("y"), token));
        assertEquals("context token was issued for key '0x0001ff', not 'y'", e.getMessage());
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> tokens.verify(key("k"), ByteString.copyFromUtf8("hello")));
        assertEquals("context token is malformed: it is 5 bytes, shorter than any token", e.getMessage());
    }

    @Test
    void anUnknownFormatIsRefusedAsMalformed() {
        byte[] t = tokens.issue(key("k"), VV).toByteArray();
        t[0] = 9;
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> tokens.verify(key("k"), ByteString.copyFrom(t)));
        assertEquals("context token is malformed: unknown format 9", e.getMessage());
    }

    @Test
    void lengthsThatDoNotAddUpAreRefusedAsMalformed() {
        byte[] t = new byte[40];
        t[0] = 1;
        t[1] = 100; // claims a 100-byte vector in a 40-byte token
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> tokens.verify(key("k"), ByteString.copyFrom(t)));
        assertTrue(e.getMessage().startsWith("context token is malformed: "), e.getMessage());
    }

    @Test
    void extraBytesInsideTheSignedBodyAreRefusedAsMalformed() {
        byte[] t = tokens.issue(key("k"), VV).toByteArray();
        byte[] longer = new byte[t.length + 1];
        System.arraycopy(t, 0, longer, 0, t.length - 32);
        System.arraycopy(t, t.length - 32, longer, longer.length - 32, 32);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> tokens.verify(key("k"), ByteString.copyFrom(longer)));
        assertEquals("context token is malformed: unexpected bytes after the key", e.getMessage());
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ContextTokens(new byte[0], new KeyStateCodec()));
    }
}
