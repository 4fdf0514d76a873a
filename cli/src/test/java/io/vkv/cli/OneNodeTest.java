package io.vkv.cli;

import io.vkv.node.testing.RunningNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the CLI test classes that run commands against one real node, shared by their tests. */
abstract class OneNodeTest {

    @TempDir
    static Path dataDir;
    static RunningNode node;

    @BeforeAll
    static void startNode() throws IOException {
        node = RunningNode.start(dataDir);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }
}
