package io.vkv.client;

import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.app.VkvNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A real vkv node on a free loopback port with its data in a test's temporary directory. */
final class RunningNode implements AutoCloseable {

    private final VkvNode node;

    private RunningNode(VkvNode node) {
        this.node = node;
    }

    static RunningNode start(Path dataDir) throws IOException {
        return new RunningNode(new VkvNode(NodeConfig.defaults("n1", dataDir, Map.of(ConfigKey.NODE_PORT.key(), "0"))).start());
    }

    String address() {
        return "127.0.0.1:" + node.port();
    }

    VkvClient client() {
        return VkvClient.builder().target(address()).build();
    }

    @Override
    public void close() {
        node.close();
    }
}
