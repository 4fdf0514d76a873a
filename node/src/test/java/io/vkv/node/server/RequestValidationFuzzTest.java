package io.vkv.node.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import br.ufu.facom.gbc074.project.KeyValueStoreGrpc;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.vkv.node.testing.CorpusMutations;
import io.vkv.node.testing.RunningNode;
import io.vkv.proto.v1.KeyValueGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kvstore.KvStoreGrpc;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Coverage-guided fuzzing of a real node's request validation: any bytes sent as the request of a unary method of
 * vkv.v1, project.KeyValueStore or kvstore.KvStore (the first byte picks the method) are answered, or refused with a
 * status that says why (INVALID_ARGUMENT, UNAVAILABLE for a quorum one node cannot meet, ...); never INTERNAL, UNKNOWN
 * or a hang, and the node keeps serving. Replays
 * {@code RequestValidationFuzzTestInputs} on every build.
 */
class RequestValidationFuzzTest {

    /** A fault of the node, or a call that hung: no request may get these (UNAVAILABLE, e.g. w=3 on one node, is an answer). */
    private static final Set<Status.Code> FORBIDDEN = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.UNIMPLEMENTED, Status.Code.DATA_LOSS);
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final List<MethodDescriptor<?, ?>> METHODS = List.of(KeyValueGrpc.getGetMethod(), KeyValueGrpc.getPutMethod(),
            KeyValueGrpc.getDeleteMethod(), KeyValueGrpc.getHistoryMethod(), KeyValueGrpc.getTrimMethod(), KeyValueStoreGrpc.getGetMethod(),
            KeyValueStoreGrpc.getPutMethod(), KeyValueStoreGrpc.getDelMethod(), KeyValueStoreGrpc.getTrimMethod(), KvStoreGrpc.getPutMethod(),
            KvStoreGrpc.getGetMethod());
    private static RunningNode node;

    private static synchronized RunningNode node() throws IOException {
        if (node == null) {
            node = RunningNode.start(Files.createTempDirectory("request-fuzz"));
            Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        }
        return node;
    }

    @FuzzTest(maxDuration = "30s")
    void anyRequestIsAnsweredOrRefusedAsTheClientsFault(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        MethodDescriptor<byte[], byte[]> method = METHODS.get(Math.floorMod(input[0], METHODS.size())).toBuilder(RAW, RAW).build();
        byte[] request = Arrays.copyOfRange(input, 1, input.length);
        try {
            ClientCalls.blockingUnaryCall(node().channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
        } catch (StatusRuntimeException e) {
            assertTrue(!FORBIDDEN.contains(e.getStatus().getCode()), method.getFullMethodName() + " answered " + e.getStatus());
        }
    }

    @Provide
    Arbitrary<byte[]> inputsOfAnyRequestIsAnsweredOrRefusedAsTheClientsFault() {
        return CorpusMutations.of(RequestValidationFuzzTest.class, "anyRequestIsAnsweredOrRefusedAsTheClientsFault");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 300)
    void damagedAnyRequestIsAnsweredOrRefusedAsTheClientsFault(@ForAll("inputsOfAnyRequestIsAnsweredOrRefusedAsTheClientsFault") byte[] input) throws IOException {
        anyRequestIsAnsweredOrRefusedAsTheClientsFault(input);
    }
}
