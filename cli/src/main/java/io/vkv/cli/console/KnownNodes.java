package io.vkv.cli.console;

import io.vkv.client.HostPort;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nodes the console knows of: given on the command line, found in the cluster directory, or reported as members. */
final class KnownNodes {

    /** Address to node id (null until learnt), in the order they became known. */
    private final Map<HostPort, String> ids = new LinkedHashMap<>();

    synchronized void add(HostPort address, String id) {
        if (id != null && !id.isEmpty()) {
            ids.put(address, id);
        } else {
            ids.putIfAbsent(address, null);
        }
    }

    /** Learns the node's own id and every member it reports. */
    synchronized void learn(HostPort address, InfoResponse info) {
        add(address, info.getNodeId());
        for (Member m : info.getMembersList()) {
            try {
                add(HostPort.parse(m.getAddress()), m.getId());
            } catch (IllegalArgumentException e) {
                // A member that reports no usable address cannot be switched to: leave it out.
            }
        }
    }

    synchronized List<HostPort> addresses() {
        return new ArrayList<>(ids.keySet());
    }

    synchronized Optional<String> id(HostPort address) {
        return Optional.ofNullable(ids.get(address));
    }

    /** Ids and addresses, for completion. */
    synchronized List<String> names() {
        List<String> names = new ArrayList<>();
        ids.forEach((address, id) -> {
            if (id != null) {
                names.add(id);
            }
            names.add(address.toString());
        });
        return names;
    }

    /** The address of node {@code name}: a known id, else {@code host:port}; IllegalArgumentException otherwise. */
    synchronized HostPort resolve(String name) {
        for (Map.Entry<HostPort, String> e : ids.entrySet()) {
            if (name.equals(e.getValue())) {
                return e.getKey();
            }
        }
        try {
            return HostPort.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is neither a known node (" + String.join(", ", names()) + ") nor host:port");
        }
    }

    /** How to show a node: its id with the address, or the address alone. */
    synchronized String label(HostPort address) {
        String id = ids.get(address);
        return id == null ? address.toString() : id + " (" + address + ")";
    }
}
