package io.vkv.node.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call each gRPC method a node serves: anyone (health checks), a client with a role, or only a node. Methods are
 * listed by full name; a method not listed needs admin, so a service added later is closed until it is placed here.
 */
public final class MethodAccess {

    /** What a method needs of its caller. */
    public sealed interface Need permits Anyone, ClientRole, NodeOnly {
    }

    /** No credential: health checks, which load balancers and orchestrators make without one. */
    public record Anyone() implements Need {
    }

    /** A client with at least {@code role} (or a node). */
    public record ClientRole(Role role) implements Need {
    }

    /** A node of the cluster, proven by its certificate: the replica-to-replica protocol. */
    public record NodeOnly() implements Need {
    }

    private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health");
    private static final Set<String> NODE_SERVICES = Set.of("vkv.internal.v1.AntiEntropy");
    private static final Map<String, Role> SERVICES = Map.of(
            "grpc.reflection.v1.ServerReflection", Role.READ,
            "grpc.reflection.v1alpha.ServerReflection", Role.READ,
            "vkv.v1.NodeInfo", Role.READ,
            "vkv.v1.Admin", Role.ADMIN);
    private static final Map<String, Role> METHODS = Map.ofEntries(
            Map.entry("vkv.v1.KeyValue/Get", Role.READ),
            Map.entry("vkv.v1.KeyValue/GetMany", Role.READ),
            Map.entry("vkv.v1.KeyValue/History", Role.READ),
            Map.entry("vkv.v1.KeyValue/Scan", Role.READ),
            Map.entry("vkv.v1.KeyValue/Watch", Role.READ),
            Map.entry("vkv.v1.KeyValue/Put", Role.WRITE),
            Map.entry("vkv.v1.KeyValue/Delete", Role.WRITE),
            Map.entry("vkv.v1.KeyValue/PutMany", Role.WRITE),
            Map.entry("vkv.v1.KeyValue/DeleteMany", Role.WRITE),
            Map.entry("vkv.v1.KeyValue/Trim", Role.WRITE),
            Map.entry("project.KeyValueStore/Get", Role.READ),
            Map.entry("project.KeyValueStore/GetRange", Role.READ),
            Map.entry("project.KeyValueStore/GetAll", Role.READ),
            Map.entry("project.KeyValueStore/Put", Role.WRITE),
            Map.entry("project.KeyValueStore/PutAll", Role.WRITE),
            Map.entry("project.KeyValueStore/Del", Role.WRITE),
            Map.entry("project.KeyValueStore/DelRange", Role.WRITE),
            Map.entry("project.KeyValueStore/DelAll", Role.WRITE),
            Map.entry("project.KeyValueStore/Trim", Role.WRITE),
            Map.entry("kvstore.KvStore/Get", Role.READ),
            Map.entry("kvstore.KvStore/Put", Role.WRITE));

    private MethodAccess() {
    }

    /** What {@code fullMethodName} ({@code service/method}) needs. */
    public static Need of(String fullMethodName) {
        String service = fullMethodName.substring(0, Math.max(0, fullMethodName.lastIndexOf('/')));
        if (OPEN_SERVICES.contains(service)) {
            return new Anyone();
        }
        if (NODE_SERVICES.contains(service)) {
            return new NodeOnly();
        }
        Role role = Optional.ofNullable(METHODS.get(fullMethodName)).orElse(SERVICES.getOrDefault(service, Role.ADMIN));
        return new ClientRole(role);
    }

    /** True when {@code fullMethodName} is placed here, not left to the admin default. */
    public static boolean listed(String fullMethodName) {
        String service = fullMethodName.substring(0, Math.max(0, fullMethodName.lastIndexOf('/')));
        return OPEN_SERVICES.contains(service) || NODE_SERVICES.contains(service) || SERVICES.containsKey(service)
                || METHODS.containsKey(fullMethodName);
    }
}
