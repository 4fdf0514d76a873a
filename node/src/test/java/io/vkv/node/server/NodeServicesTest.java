package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.PutRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NodeInfo, gRPC health checking and server reflection (what grpcurl uses) over real gRPC. */
class NodeServicesTest {

    @TempDir
    static Path dir;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void infoDescribesTheNodeAndItsData() {
        long before = node.info().info(InfoRequest.getDefaultInstance()).getKeyCount();
        node.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("info/1")).build());
        InfoResponse info = node.info().info(InfoRequest.getDefaultInstance());
        String actor = node.node.store().actor().toString();
        assertEquals("n1", info.getNodeId());
        assertEquals(actor, info.getActor());
        assertTrue(info.getVersion().matches("\\d+\\.\\d+\\.\\d+.*"), info.getVersion());
        assertEquals(dir.toAbsolutePath().toString(), info.getDataDir());
        assertEquals(before + 1, info.getKeyCount());
        assertEquals("vkv", info.getCluster());
        assertEquals(64, info.getPartitions());
        assertEquals("always", info.getFsync());
        assertEquals(1, info.getMembersCount());
        Member self = info.getMembers(0);
        assertEquals("n1", self.getId());
        assertEquals(actor, self.getActor());
        assertEquals("127.0.0.1:" + node.node.port(), self.getAddress());
        assertEquals("up", self.getStatus());
    }

    @Test
    void healthReportsServingForTheServerAndEachService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(node.channel);
        for (String service : List.of("", "vkv.v1.KeyValue", "vkv.v1.NodeInfo")) {
            assertEquals(ServingStatus.SERVING,
                    health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus(), service);
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> health.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void reflectionListsTheServicesAndDescribesTheApi() throws Exception {
        List<ServerReflectionResponse> list = reflect(ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> names = list.get(0).getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
        assertTrue(names.containsAll(List.of("vkv.v1.KeyValue", "vkv.v1.NodeInfo", "grpc.health.v1.Health")), names.toString());

        List<ServerReflectionResponse> file = reflect(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("vkv.v1.KeyValue").build());
        ServerReflectionResponse r = file.get(0);
        assertTrue(r.hasFileDescriptorResponse(), r.toString());
        assertTrue(r.getFileDescriptorResponse().getFileDescriptorProtoCount() >= 1);
    }

    private static List<ServerReflectionResponse> reflect(ServerReflectionRequest request) throws Exception {
        StreamRecorder<ServerReflectionResponse> rec = new StreamRecorder<>();
        StreamObserver<ServerReflectionRequest> in = ServerReflectionGrpc.newStub(node.channel).serverReflectionInfo(rec);
        in.onNext(request);
        in.onCompleted();
        assertEquals(Status.Code.OK, rec.awaitEnd().getCode());
        return rec.received;
    }
}
