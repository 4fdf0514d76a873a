package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Scenario;
import io.vkv.node.version.Scenarios;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.SimulatedCluster;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The direct writer produces exactly the bytes protobuf would serialise, and they read back as the state. */
class KeyStateWriterTest {

    private static final KeyStateCodec CODEC = new KeyStateCodec();
    private static final byte[] KEY = "user:42".getBytes(StandardCharsets.UTF_8);
    private static final Actor A = new Actor("a", 0x1234_5678_9abc_def0L);
    private static final Actor B = new Actor("node-b", 0); // incarnation 0: a field proto3 leaves out

    /** What protobuf serialises for the same record, the reference the writer must match. */
    private static byte[] viaProtobuf(byte[] key, KeyState state) {
        return LogRecord.newBuilder().setKey(ByteString.copyFrom(key)).setState(ProtobufStates.encode(state)).build().toByteArray();
    }

    private static void assertSameBytesAsProtobuf(byte[] key, KeyState state) throws Exception {
        byte[] written = KeyStateWriter.keyed(key, state);

        assertArrayEquals(viaProtobuf(key, state), written);
        assertEquals(written.length, KeyStateWriter.keyedSize(key, state));
        KeyedState parsed = KeyedState.parseFrom(written); // the same bytes serve replication batches
        assertEquals(state, CODEC.decode(parsed.getState()));
    }

    @Property(tries = 200)
    void everyReachableStateIsWrittenAsProtobufWouldWriteIt(@ForAll(supplier = Scenarios.class) Scenario scenario) throws Exception {
        for (KeyState state : SimulatedCluster.run(scenario).everyState()) {
            assertSameBytesAsProtobuf(KEY, state);
        }
    }

    @Property(tries = 100)
    void everyReachableContextIsWrittenAsProtobufWouldWriteIt(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        for (KeyState state : SimulatedCluster.run(scenario).everyState()) {
            assertArrayEquals(ProtobufStates.encode(state.context()).toByteArray(), KeyStateWriter.vector(state.context()));
        }
    }

    @Example
    void writesTheEmptyStateAndAnEmptyKey() throws Exception {
        assertSameBytesAsProtobuf(KEY, KeyState.EMPTY);
        assertArrayEquals(viaProtobuf(new byte[0], KeyState.EMPTY), KeyStateWriter.keyed(new byte[0], KeyState.EMPTY));
    }

    @Example
    void writesTombstonesEmptyValuesAndZeroClocks() throws Exception {
        Sibling tombstone = Sibling.tombstone(new Dot(A, 7), VersionVector.of(Map.of(B, 3L)), 0);
        Sibling empty = Sibling.value(new Dot(B, 4), VersionVector.of(Map.of(A, 6L)), new byte[0], 99);
        assertSameBytesAsProtobuf(KEY, KeyState.of(List.of(tombstone, empty), VersionVector.of(Map.of(A, 5L, B, 2L))));
    }

    @Example
    void writesLargeValuesAndCountersWithMultiByteLengths() throws Exception {
        byte[] value = new byte[300_000];
        value[299_999] = 1;
        Sibling big = Sibling.value(new Dot(A, Long.MAX_VALUE), VersionVector.EMPTY, value, -1);
        assertSameBytesAsProtobuf(new byte[1024], KeyState.ofWrite(big));
    }

    @Example
    void leavesTheRequestedRoomBeforeTheRecord() {
        KeyState state = KeyState.ofWrite(Sibling.value(new Dot(A, 3), VersionVector.EMPTY, new byte[] {1, 2}, 5));
        byte[] record = KeyStateWriter.keyed(KEY, state);

        byte[] withRoom = KeyStateWriter.keyed(KEY, state, LogRecordFormat.HEADER_BYTES);

        assertArrayEquals(new byte[LogRecordFormat.HEADER_BYTES], Arrays.copyOf(withRoom, LogRecordFormat.HEADER_BYTES));
        assertArrayEquals(record, Arrays.copyOfRange(withRoom, LogRecordFormat.HEADER_BYTES, withRoom.length));
    }
}
