package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Scenario;
import io.vkv.node.version.Scenarios;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.SimulatedCluster;
import io.vkv.proto.internal.KeyStateProto;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Every state a simulated cluster reaches survives encoding to bytes and back unchanged. */
class KeyStateCodecRoundTripTest {

    @Property(tries = 300)
    void everyReachableStateDecodesToItself(@ForAll(supplier = Scenarios.class) Scenario scenario) throws InvalidProtocolBufferException {
        KeyStateCodec codec = new KeyStateCodec();
        for (KeyState state : SimulatedCluster.run(scenario).everyState()) {
            byte[] bytes = KeyStateCodec.proto(state).toByteArray();

            KeyState decoded = codec.decode(KeyStateProto.parseFrom(bytes));

            assertEquals(state, decoded);
            assertEquals(state.context(), decoded.context());
        }
    }

    @Property(tries = 300)
    void decodedStatesShareOneActorObjectPerActor(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        KeyStateCodec codec = new KeyStateCodec();
        KeyState converged = KeyState.EMPTY;
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        for (int r = 0; r < cluster.replicas(); r++) {
            converged = converged.merge(cluster.state(r));
        }

        KeyState first = codec.decode(KeyStateCodec.proto(converged));
        KeyState second = codec.decode(KeyStateCodec.proto(converged));

        for (int i = 0; i < first.siblingCount(); i++) {
            Sibling a = first.siblings().get(i);
            assertSame(a.dot().actor(), second.siblings().get(i).dot().actor());
        }
        for (int i = 0; i < first.covered().size(); i++) {
            assertSame(first.covered().actorAt(i), second.covered().actorAt(i));
        }
    }
}
