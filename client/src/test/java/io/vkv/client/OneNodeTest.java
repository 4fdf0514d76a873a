package io.vkv.client;

import io.vkv.node.testing.RunningNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the test classes that share one real node and one client: started before the class's first test, stopped after its last. */
abstract class OneNodeTest {

    @TempDir
    static Path dataDir;
    static RunningNode node;
    static VkvClient client;

    @BeforeAll
    static void startNode() throws IOException {
        node = RunningNode.start(dataDir);
        client = VkvClient.builder().target(node.address()).build();
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        client.close();
        node.close();
    }
}
