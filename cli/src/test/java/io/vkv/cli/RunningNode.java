package io.vkv.cli;

import io.vkv.client.VkvClient;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A real vkv node on a free loopback port with its data in a test's temporary directory. */
public final class RunningNode implements AutoCloseable {

    private final VkvNode node;

    private RunningNode(VkvNode node) {
        this.node = node;
    }

    public static RunningNode start(Path dataDir) throws IOException {
        return start(dataDir, "n1");
    }

    /** A node named {@code nodeId}: a data directory belongs to the node that created it. */
    public static RunningNode start(Path dataDir, String nodeId) throws IOException {
        return new RunningNode(new VkvNode(NodeConfig.defaults(nodeId, dataDir, Map.of(ConfigKey.NODE_PORT.key(), "0"))).start());
    }

    public String address() {
        return "127.0.0.1:" + node.port();
    }

    public VkvClient client() {
        return VkvClient.builder().target(address()).build();
    }

    @Override
    public void close() {
        node.close();
    }
}
