package io.vkv.examples.enrollment;

import br.ufu.facom.gbc074.projeto.cadastro.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.client.VkvException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the portals answer: writes with Status (0 ok, 1 and why), reads with the value or a gRPC error that names the problem. */
final class Answers {

    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    /** Runs {@code change} and answers Status 0 with {@code done}, or 1 with what stopped it. */
    static void status(StreamObserver<Status> out, String done, Runnable change) {
        Status answer;
        try {
            change.run();
            answer = Status.newBuilder().setStatus(0).setMsg(done).build();
        } catch (BadInput e) {
            answer = Status.newBuilder().setStatus(1).setMsg(e.getMessage()).build();
        } catch (VkvException e) {
            log.warn("vkv failed a change: {}", e.getMessage());
            answer = Status.newBuilder().setStatus(1).setMsg("not stored, vkv failed: " + e.getMessage()).build();
        }
        out.onNext(answer);
        out.onCompleted();
    }

    /** Answers what {@code read} returns, NOT_FOUND or INVALID_ARGUMENT for bad input, UNAVAILABLE when vkv fails. */
    static <T> void value(StreamObserver<T> out, Supplier<T> read) {
        try {
            T value = read.get();
            out.onNext(value);
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(error(e));
        }
    }

    /** The gRPC error for a failed read. */
    static io.grpc.StatusRuntimeException error(RuntimeException e) {
        if (e instanceof BadInput) {
            io.grpc.Status code = e.getMessage().endsWith("does not exist") ? io.grpc.Status.NOT_FOUND : io.grpc.Status.INVALID_ARGUMENT;
            return code.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof VkvException) {
            return io.grpc.Status.UNAVAILABLE.withDescription("vkv failed: " + e.getMessage()).asRuntimeException();
        }
        throw e;
    }
}
