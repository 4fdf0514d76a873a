package io.vkv.node.replication;

import io.vkv.node.testing.MoquetteBroker;
import io.vkv.node.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Path;

/** The replication scenarios through the embedded Moquette broker. */
class MoquetteReplicationTest extends ReplicationScenarios {

    @Override
    TestBroker startBroker(Path dir) throws IOException {
        return MoquetteBroker.start(dir);
    }
}
