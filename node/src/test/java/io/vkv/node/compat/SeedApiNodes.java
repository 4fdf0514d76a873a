package io.vkv.node.compat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.NodeConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Real nodes for the seed-API tests: started on free ports, reached over Netty, closed in reverse order. */
final class SeedApiNodes implements AutoCloseable {

    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    SeedApiNodes(Path dir) {
        this.dir = dir;
    }

    /** Starts node {@code id} (with a broker when {@code brokerUrl} is not empty) and returns a channel to it. */
    ManagedChannel start(String id, String brokerUrl) throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of("node.id", id, "node.port", "0", "data.dir", dir.resolve(id).toString(),
                "cluster.secret", "seed-api-test-secret-0123456789", "broker.url", brokerUrl));
        VkvNode node = new VkvNode(NodeConfigLoader.load(Map.of(), Map.of(), flags)).start();
        open.add(node);
        ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        open.add(() -> {
            c.shutdownNow();
            c.awaitTermination(5, TimeUnit.SECONDS);
        });
        return c;
    }

    void add(AutoCloseable resource) {
        open.add(resource);
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** What a bidirectional stream answered to {@code requests} sent in order, and how it ended. */
    record Streamed<R>(List<R> answers, Status end) {
    }

    static <Q, R> Streamed<R> stream(Function<StreamObserver<R>, StreamObserver<Q>> call, List<Q> requests) throws Exception {
        List<R> answers = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<Q> in = call.apply(new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        });
        requests.forEach(in::onNext);
        in.onCompleted();
        return new Streamed<>(answers, end.get(30, TimeUnit.SECONDS));
    }
}
