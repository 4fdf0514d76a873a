package io.vkv.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.ufu.facom.gbc074.project.KeyValueStoreGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.vkv.proto.internal.AntiEntropyGrpc;
import io.vkv.proto.v1.AdminGrpc;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.util.List;
import kvstore.KvStoreGrpc;
import org.junit.jupiter.api.Test;

/** Every method a node serves has a deliberate place in the access table; nothing falls to the default by accident. */
class MethodAccessTest {

    private static final List<ServiceDescriptor> SERVED = List.of(KeyValueGrpc.getServiceDescriptor(), AdminGrpc.getServiceDescriptor(),
            NodeInfoGrpc.getServiceDescriptor(), AntiEntropyGrpc.getServiceDescriptor(), KeyValueStoreGrpc.getServiceDescriptor(),
            KvStoreGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor(), ServerReflectionGrpc.getServiceDescriptor());

    @Test
    void everyServedMethodIsListed() {
        for (ServiceDescriptor service : SERVED) {
            for (MethodDescriptor<?, ?> m : service.getMethods()) {
                assertTrue(MethodAccess.listed(m.getFullMethodName()), m.getFullMethodName() + " has no place in MethodAccess");
            }
        }
    }

    @Test
    void readsNeedReadWritesNeedWriteAndTheReplicaProtocolANode() {
        assertEquals(new MethodAccess.ClientRole(Role.READ), MethodAccess.of("vkv.v1.KeyValue/Watch"));
        assertEquals(new MethodAccess.ClientRole(Role.WRITE), MethodAccess.of("project.KeyValueStore/DelRange"));
        assertEquals(new MethodAccess.ClientRole(Role.ADMIN), MethodAccess.of("vkv.v1.Admin/Leave"));
        assertEquals(new MethodAccess.NodeOnly(), MethodAccess.of("vkv.internal.v1.AntiEntropy/Push"));
        assertEquals(new MethodAccess.Anyone(), MethodAccess.of("grpc.health.v1.Health/Check"));
        assertEquals(new MethodAccess.ClientRole(Role.ADMIN), MethodAccess.of("vkv.v1.Future/Anything"), "unlisted: admin only");
    }
}
