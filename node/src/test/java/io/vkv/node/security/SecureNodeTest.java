package io.vkv.node.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.server.ForwardedCalls;
import io.vkv.node.testing.RunningNode;
import io.vkv.node.testing.TestCredentials;
import io.vkv.proto.internal.AntiEntropyGrpc;
import io.vkv.proto.internal.DigestRequest;
import io.vkv.proto.v1.AdminGrpc;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.LeaveRequest;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.ScanRequest;
import io.vkv.testkit.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started with TLS and tokens: who gets in, who does not, and what each is told. */
class SecureNodeTest {

    @TempDir
    Path dir;

    private TestCredentials creds;
    private RunningNode node;
    private String reader;
    private String writer;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void startSecureNode() throws Exception {
        creds = TestCredentials.create(dir.resolve("tls"), "test CA");
        reader = creds.token(Role.READ, "reader");
        writer = creds.token(Role.WRITE, "writer");
        node = RunningNode.start(dir.resolve("n1"), "n1", creds.nodeSettings("n1"));
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        node.close();
    }

    private KeyValueGrpc.KeyValueBlockingStub kv(Path[] certAndKey, String token) throws Exception {
        ManagedChannel c = TestCredentials.channel(node.node.port(), creds.caFile(), certAndKey, token);
        channels.add(c);
        return KeyValueGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static PutRequest put(String key, String value) {
        return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).build();
    }

    private static GetRequest get(String key) {
        return GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build();
    }

    @Test
    void aPlaintextClientIsRefused() {
        ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", node.node.port()).usePlaintext().build();
        channels.add(plain);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> KeyValueGrpc.newBlockingStub(plain).withDeadlineAfter(10, TimeUnit.SECONDS).get(get("k")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
    }

    @Test
    void aReadOnlyTokenGetsAndScansButAPutIsPermissionDenied() throws Exception {
        kv(null, writer).put(put("k", "v"));
        assertEquals("v", kv(null, reader).get(get("k")).getSiblings(0).getValue().toStringUtf8());
        assertTrue(kv(null, reader).scan(ScanRequest.getDefaultInstance()).hasNext());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> kv(null, reader).put(put("k", "w")));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("token 'reader' has role read; vkv.v1.KeyValue/Put needs role write", e.getStatus().getDescription());
    }

    @Test
    void aCallWithoutATokenOrWithAnUnknownOneIsUnauthenticated() throws Exception {
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> kv(null, null).get(get("k")));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        assertTrue(none.getStatus().getDescription().startsWith("vkv.v1.KeyValue/Get needs a bearer token with role read"), none.getMessage());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> kv(null, "not-a-token").get(get("k")));
        assertEquals(Status.Code.UNAUTHENTICATED, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("not one this node accepts"), unknown.getMessage());
    }

    @Test
    void leavingTheRingNeedsTheAdminRole() throws Exception {
        ManagedChannel c = TestCredentials.channel(node.node.port(), creds.caFile(), null, writer);
        channels.add(c);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> AdminGrpc.newBlockingStub(c).leave(LeaveRequest.getDefaultInstance()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().endsWith("needs role admin"), e.getMessage());
    }

    @Test
    void healthChecksNeedNoCredential() throws Exception {
        ManagedChannel c = TestCredentials.channel(node.node.port(), creds.caFile(), null, null);
        channels.add(c);
        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
                HealthGrpc.newBlockingStub(c).check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    @Test
    void aClientCertificateFromAnotherCaCountsForNothing() throws Exception {
        // TLS clients send a certificate only when the server names its CA, so this one is never presented: the call is
        // judged by its token alone.
        Path[] foreign = TestCredentials.create(dir.resolve("other"), "other CA").issue(CertificateAuthority.Kind.CLIENT, "mallory");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> kv(foreign, null).get(get("k")));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.getMessage());
    }

    @Test
    void withClientCertificatesRequiredOnlyClientsOfThisCaConnect() throws Exception {
        Map<String, String> settings = new HashMap<>(creds.nodeSettings("n9"));
        settings.put(ConfigKey.TLS_CLIENT_AUTH.key(), "require");
        try (RunningNode strict = RunningNode.start(dir.resolve("n9"), "n9", settings)) {
            Path[] foreign = TestCredentials.create(dir.resolve("other"), "other CA").issue(CertificateAuthority.Kind.CLIENT, "mallory");
            for (Path[] refused : Arrays.asList(foreign, null)) {
                ManagedChannel c = TestCredentials.channel(strict.node.port(), creds.caFile(), refused, writer);
                channels.add(c);
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> KeyValueGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS).get(get("k")));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
            }
            ManagedChannel own = TestCredentials.channel(strict.node.port(), creds.caFile(), creds.issue(CertificateAuthority.Kind.CLIENT, "alice"), writer);
            channels.add(own);
            assertFalse(KeyValueGrpc.newBlockingStub(own).get(get("k")).getFound());
        }
    }

    @Test
    void aClientCredentialCannotImpersonateANode() throws Exception {
        String admin = creds.token(Role.ADMIN, "admin");
        Path[] client = creds.issue(CertificateAuthority.Kind.CLIENT, "n2"); // a client certificate named like a node
        ManagedChannel c = TestCredentials.channel(node.node.port(), creds.caFile(), client, admin);
        channels.add(c);
        StatusRuntimeException digest = assertThrows(StatusRuntimeException.class, () -> AntiEntropyGrpc.newBlockingStub(c)
                .digest(DigestRequest.newBuilder().setCluster("vkv").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, digest.getStatus().getCode());
        assertTrue(digest.getStatus().getDescription().contains("is for nodes of the cluster only"), digest.getMessage());
        Metadata forwarded = new Metadata();
        forwarded.put(ForwardedCalls.FORWARDED_BY, "n2");
        StatusRuntimeException get = assertThrows(StatusRuntimeException.class, () -> KeyValueGrpc.newBlockingStub(c)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(forwarded)).get(get("k")));
        assertEquals(Status.Code.PERMISSION_DENIED, get.getStatus().getCode(), get.getMessage());
    }

    @Test
    void aNodeCertificateOfThisCaMayCallTheReplicaProtocolAndOneOfAnotherCaMayNot() throws Exception {
        Path[] n2 = creds.issue(CertificateAuthority.Kind.NODE, "n2");
        ManagedChannel c = TestCredentials.channel(node.node.port(), creds.caFile(), n2, null);
        channels.add(c);
        AntiEntropyGrpc.newBlockingStub(c).digest(DigestRequest.newBuilder().setCluster("vkv").build());
        Path[] impostor = TestCredentials.create(dir.resolve("other"), "other CA").issue(CertificateAuthority.Kind.NODE, "n3");
        ManagedChannel bad = TestCredentials.channel(node.node.port(), creds.caFile(), impostor, null);
        channels.add(bad);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> AntiEntropyGrpc.newBlockingStub(bad)
                .withDeadlineAfter(10, TimeUnit.SECONDS).digest(DigestRequest.newBuilder().setCluster("vkv").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getMessage()); // its certificate was never sent
    }

    @Test
    void aTokenAddedToTheFileIsAcceptedWithoutARestart() throws Exception {
        String late = creds.token(Role.WRITE, "late");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(StatusRuntimeException.class)
                .until(() -> kv(null, late).put(put("late", "1")).getSiblingCount() == 1);
    }

    @Test
    void trafficOnTheLoopbackIsNotPlaintext() throws Exception {
        try (FaultProxy capture = FaultProxy.to("127.0.0.1", node.node.port())) {
            capture.startCapture();
            ManagedChannel c = TestCredentials.channel(capture.port(), creds.caFile(), null, writer);
            channels.add(c);
            String value = "a-value-nobody-should-read-" + System.nanoTime();
            KeyValueGrpc.newBlockingStub(c).put(put("secret-key", value));
            assertEquals(value, KeyValueGrpc.newBlockingStub(c).get(get("secret-key")).getSiblings(0).getValue().toStringUtf8());
            byte[] seen = capture.captured();
            assertTrue(seen.length > 200, "bytes captured: " + seen.length);
            assertArrayEquals(new byte[] {0x16, 0x03}, new byte[] {seen[0], seen[1]}, "a TLS handshake record opens the connection");
            String text = new String(seen, StandardCharsets.ISO_8859_1);
            for (String secret : List.of(value, "secret-key", writer, "PRI * HTTP/2.0")) {
                assertFalse(text.contains(secret), secret + " crossed the loopback in plaintext");
            }
        }
    }

    @Test
    void theOtherSideOfTheSameCheckFindsPlaintextWhenTlsIsOff() throws Exception {
        // The capture above would see a plaintext value: it does here, on a node without TLS.
        try (RunningNode plain = RunningNode.start(dir.resolve("plain"), "p1");
             FaultProxy capture = FaultProxy.to("127.0.0.1", plain.node.port())) {
            capture.startCapture();
            ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", capture.port()).usePlaintext().build();
            channels.add(c);
            KeyValueGrpc.newBlockingStub(c).put(put("visible-key", "visible-value"));
            String text = new String(capture.captured(), StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("visible-value"));
            assertNotEquals(0x16, capture.captured()[0]);
        }
    }
}
