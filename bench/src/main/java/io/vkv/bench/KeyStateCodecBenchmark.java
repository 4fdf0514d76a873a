package io.vkv.bench;

import static io.vkv.bench.SampleStates.A;
import static io.vkv.bench.SampleStates.stateOf;
import static io.vkv.bench.SampleStates.vector;
import static io.vkv.bench.SampleStates.write;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.KeyStateWriter;
import io.vkv.node.storage.ProtobufStates;
import io.vkv.node.version.KeyState;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.KeyedState;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns to encode and decode a typical KeyState (one sibling, a 100-byte value, 3-actor vectors) to and
 * from bytes, as the operation log and replication do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyStateCodecBenchmark {

    private static final byte[] KEY = "bench-00000042".getBytes(StandardCharsets.UTF_8);

    private final KeyStateCodec codec = new KeyStateCodec();
    private KeyState state;
    private byte[] bytes;

    @Setup
    public void setUp() {
        state = stateOf(write(A, 5, vector(4, 3, 2)));
        bytes = KeyStateCodec.proto(state).toByteArray();
    }

    /** Through protobuf's builders: the baseline the writer is compared with. */
    @Benchmark
    public byte[] encode() {
        return ProtobufStates.encode(state).toByteArray();
    }

    /** The same bytes with a key, written without building protobuf messages, as the log and replication now do. */
    @Benchmark
    public byte[] writeKeyed() {
        return KeyStateWriter.keyed(KEY, state);
    }

    @Benchmark
    public KeyState decode() throws InvalidProtocolBufferException {
        return codec.decode(KeyStateProto.parseFrom(bytes));
    }

    @Benchmark
    public KeyState encodeThenDecode() throws InvalidProtocolBufferException {
        return codec.decode(KeyedState.parseFrom(KeyStateWriter.keyed(KEY, state)).getState());
    }
}
