package io.vkv.node.mqtt;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.vkv.node.metrics.DropReason;
import io.vkv.proto.internal.SignedEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals payloads in {@link SignedEnvelope}s and checks them: HMAC-SHA256 under the cluster secret
 * over {@code kind || 0x00 || payload}, so a message of one kind never verifies as another.
 */
public final class EnvelopeSigner {

    /** Kind of a replication batch published on a partition topic. */
    public static final String BATCH = "batch";
    /** Kind of a retained membership record. */
    public static final String MEMBER = "member";
    /** Kind of an anti-entropy push. */
    public static final String PUSH = "push";

    // SignedEnvelope's fields, for sealing without building the message.
    private static final int KIND = SignedEnvelope.KIND_FIELD_NUMBER;
    private static final int PAYLOAD = SignedEnvelope.PAYLOAD_FIELD_NUMBER;
    private static final int MAC = SignedEnvelope.MAC_FIELD_NUMBER;
    private static final int MAC_BYTES = 32;

    // Mac objects are not thread-safe and cost microseconds to create: one per thread.
    private final ThreadLocal<Mac> macs;

    public EnvelopeSigner(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("the cluster secret must not be empty");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
            }
        });
    }

    /** The envelope holding {@code payload} signed as {@code kind}; the caller must not modify {@code payload} afterwards. */
    public SignedEnvelope seal(String kind, byte[] payload) {
        return SignedEnvelope.newBuilder()
                .setKind(kind)
                .setPayload(UnsafeByteOperations.unsafeWrap(payload)) // callers hand the array over
                .setMac(UnsafeByteOperations.unsafeWrap(mac(kind, payload)))
                .build();
    }

    /** Writes a payload of a size announced beforehand. */
    public interface PayloadWriter {
        void writeTo(CodedOutputStream out) throws IOException;
    }

    /**
     * The bytes of a {@link SignedEnvelope} of {@code kind} whose payload, exactly {@code payloadSize}
     * bytes, {@code payload} writes in place: no payload array, no copy of it into the envelope.
     */
    public byte[] seal(String kind, int payloadSize, PayloadWriter payload) {
        int size = CodedOutputStream.computeStringSize(KIND, kind) + lengthDelimitedSize(PAYLOAD, payloadSize)
                + lengthDelimitedSize(MAC, MAC_BYTES);
        byte[] out = new byte[size];
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        try {
            c.writeString(KIND, kind);
            c.writeTag(PAYLOAD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            c.writeUInt32NoTag(payloadSize);
            int start = c.getTotalBytesWritten();
            payload.writeTo(c);
            if (c.getTotalBytesWritten() - start != payloadSize) {
                throw new IllegalStateException("payload of " + (c.getTotalBytesWritten() - start) + " bytes, announced as " + payloadSize);
            }
            Mac m = start(kind);
            m.update(out, start, payloadSize);
            c.writeByteArray(MAC, m.doFinal());
        } catch (IOException e) {
            throw new IllegalStateException("payload larger than announced: " + e.getMessage(), e);
        }
        c.checkNoSpaceLeft();
        return out;
    }

    private static int lengthDelimitedSize(int field, int length) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    /** True when {@code envelope} is of {@code kind} and its MAC is right (compared in constant time). */
    public boolean verify(String kind, SignedEnvelope envelope) {
        if (!kind.equals(envelope.getKind())) {
            return false;
        }
        Mac m = start(kind);
        m.update(envelope.getPayload().asReadOnlyByteBuffer()); // no copy of a payload that can be megabytes
        return MessageDigest.isEqual(m.doFinal(), envelope.getMac().toByteArray());
    }

    /**
     * Opens the bytes of an envelope of {@code kind} whose payload is a {@code what} (for messages): parses
     * both, then checks the kind, that the payload names {@code cluster}, and the MAC, in that order, so a
     * message of another cluster is counted as such and not as forged.
     */
    public <T> T open(String kind, String what, String cluster, byte[] bytes, Parser<T> parser,
                      Function<T, String> clusterOf) throws Rejected {
        SignedEnvelope envelope;
        try {
            envelope = SignedEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new Rejected(DropReason.MALFORMED, "not a signed " + what + ": " + e.getMessage());
        }
        return open(kind, what, cluster, envelope, parser, clusterOf);
    }

    /** Opens an envelope already parsed (one that arrived inside a gRPC request); see the method above. */
    public <T> T open(String kind, String what, String cluster, SignedEnvelope envelope, Parser<T> parser,
                      Function<T, String> clusterOf) throws Rejected {
        T payload;
        try {
            payload = parser.parseFrom(envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new Rejected(DropReason.MALFORMED, "not a signed " + what + ": " + e.getMessage());
        }
        if (!kind.equals(envelope.getKind())) {
            throw new Rejected(DropReason.MALFORMED, "envelope of kind '" + envelope.getKind() + "' where a " + what + " was expected");
        }
        String named = clusterOf.apply(payload);
        if (!cluster.equals(named)) {
            throw new Rejected(DropReason.WRONG_CLUSTER, what + " of cluster '" + named + "'");
        }
        if (!verify(kind, envelope)) {
            throw new Rejected(DropReason.BAD_MAC, what + " signature does not match the cluster secret");
        }
        return payload;
    }

    private byte[] mac(String kind, byte[] payload) {
        return start(kind).doFinal(payload);
    }

    /** This thread's Mac, fed the kind and its separator; doFinal leaves it reset for the next use. */
    private Mac start(String kind) {
        Mac m = macs.get();
        m.update(kind.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        return m;
    }
}
