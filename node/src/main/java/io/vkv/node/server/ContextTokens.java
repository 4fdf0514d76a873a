package io.vkv.node.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.KeyStateWriter;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.VersionVectorProto;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks context tokens: the opaque bytes a client passes back with its next write.
 * A token is {@code format(1) | varint len | VersionVectorProto | varint len | key | HMAC-SHA256},
 * the HMAC taken under the cluster secret over everything before it. A token that does not parse,
 * was not signed with this cluster's secret, or was issued for another key is refused with
 * {@link InvalidRequestException}: a fabricated context could erase writes its sender never saw.
 */
public final class ContextTokens {

    private static final byte FORMAT = 1;
    private static final int MAC_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final KeyStateCodec codec;
    private final ThreadLocal<Mac> macs;

    /** Tokens signed with {@code secret}; versions vectors are encoded and decoded by {@code codec}. */
    public ContextTokens(byte[] secret, KeyStateCodec codec) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the cluster secret must not be empty");
        }
        this.codec = codec;
        SecretKeySpec spec = new SecretKeySpec(secret.clone(), ALGORITHM);
        newMac(spec); // fail now, not on the first request, if the JVM lacks HmacSHA256
        this.macs = ThreadLocal.withInitial(() -> newMac(spec)); // Mac is not thread-safe
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available: " + e.getMessage(), e);
        }
    }

    /** The token for context {@code vv} read for {@code key}; the empty token for the empty context. */
    public ByteString issue(byte[] key, VersionVector vv) {
        if (vv.isEmpty()) {
            return ByteString.EMPTY;
        }
        byte[] vvBytes = KeyStateWriter.vector(vv);
        int bodyLength = 1 + CodedOutputStream.computeUInt32SizeNoTag(vvBytes.length) + vvBytes.length
                + CodedOutputStream.computeUInt32SizeNoTag(key.length) + key.length;
        byte[] token = new byte[bodyLength + MAC_BYTES];
        CodedOutputStream out = CodedOutputStream.newInstance(token, 0, bodyLength);
        try {
            out.writeRawByte(FORMAT);
            out.writeUInt32NoTag(vvBytes.length);
            out.writeRawBytes(vvBytes);
            out.writeUInt32NoTag(key.length);
            out.writeRawBytes(key);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("token size miscomputed", e);
        }
        Mac mac = macs.get();
        mac.update(token, 0, bodyLength);
        try {
            mac.doFinal(token, bodyLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC output does not fit", e);
        }
        return ByteString.copyFrom(token);
    }

    /** The context carried by {@code token}, checked for {@code key}; the empty token is the empty context. */
    public VersionVector verify(byte[] key, ByteString token) {
        if (token.isEmpty()) {
            return VersionVector.EMPTY;
        }
        byte[] t = token.toByteArray();
        if (t.length <= 1 + MAC_BYTES) {
            throw malformed("it is " + t.length + " bytes, shorter than any token");
        }
        if (t[0] != FORMAT) {
            throw malformed("unknown format " + (t[0] & 0xff));
        }
        int bodyLength = t.length - MAC_BYTES;
        byte[] vvBytes;
        byte[] issuedFor;
        try {
            CodedInputStream in = CodedInputStream.newInstance(t, 1, bodyLength - 1);
            vvBytes = in.readByteArray();
            issuedFor = in.readByteArray();
            if (!in.isAtEnd()) {
                throw malformed("unexpected bytes after the key");
            }
        } catch (InvalidProtocolBufferException e) {
            throw malformed("its lengths do not add up");
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
        Mac mac = macs.get();
        mac.update(t, 0, bodyLength);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(t, bodyLength, t.length))) {
            throw new InvalidRequestException("context token was not issued by this cluster (bad signature)");
        }
        if (!Arrays.equals(issuedFor, key)) {
            throw new InvalidRequestException("context token was issued for key '" + KeyText.of(issuedFor)
                    + "', not '" + KeyText.of(key) + "'");
        }
        try {
            return codec.decode(VersionVectorProto.parseFrom(vvBytes));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            // Signed by us yet unreadable: only a secret shared with an incompatible build gets here.
            throw malformed("its version vector does not decode: " + e.getMessage());
        }
    }

    private static InvalidRequestException malformed(String why) {
        return new InvalidRequestException("context token is malformed: " + why);
    }
}
