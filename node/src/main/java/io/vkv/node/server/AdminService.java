package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.proto.v1.AdminGrpc;
import io.vkv.proto.v1.LeaveRequest;
import io.vkv.proto.v1.LeaveResponse;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code vkv.v1.Admin} service: operating the node (today: making it leave the ring). */
public final class AdminService extends AdminGrpc.AdminImplBase {

    private static final Logger log = LoggerFactory.getLogger(AdminService.class);

    private final IntSupplier leave;

    /** Admin over {@code leave}, which starts leaving and returns the partitions handed off, or throws IllegalStateException saying why not. */
    public AdminService(IntSupplier leave) {
        this.leave = leave;
    }

    @Override
    public void leave(LeaveRequest request, StreamObserver<LeaveResponse> out) {
        int partitions;
        try {
            partitions = leave.getAsInt();
        } catch (IllegalStateException e) {
            log.warn("leave refused: {}", e.getMessage());
            out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            out.onError(ErrorStatus.of("Leave", e));
            return;
        }
        out.onNext(LeaveResponse.newBuilder().setPartitions(partitions).build());
        out.onCompleted();
    }
}
