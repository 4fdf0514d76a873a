package io.vkv.node.replication;

import io.vkv.node.testing.MosquittoBroker;
import io.vkv.node.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Path;

/** The replication scenarios through a real Mosquitto process configured from broker-config/. */
class MosquittoReplicationTest extends ReplicationScenarios {

    @Override
    TestBroker startBroker(Path dir) throws IOException {
        return MosquittoBroker.start(dir);
    }
}
