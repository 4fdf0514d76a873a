package io.vkv.examples.enrollment;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vkv.client.VkvClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One portal, administrative or enrollment, serving its gRPC service on a port over a vkv client. */
public final class PortalServer implements AutoCloseable {

    /** Which service a portal serves. */
    public enum Portal {
        /** {@code project.PortalAdministrativo}. */
        ADMIN,
        /** {@code project.PortalMatricula}, with the seat auditor. */
        ENROLLMENT;

        /** {@code admin} or {@code enrollment} (as on the command line). */
        public static Portal parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "admin" -> ADMIN;
                case "enrollment", "matricula" -> ENROLLMENT;
                default -> throw new IllegalArgumentException("'" + text + "' is not a portal: admin or enrollment");
            };
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PortalServer.class);
    private static final long SETTLE_MILLIS = 200;
    private static final long SWEEP_MILLIS = 30_000;

    private final Server server;
    private final SeatAuditor auditor;
    private final Announcer announcer;

    private PortalServer(Server server, SeatAuditor auditor, Announcer announcer) {
        this.server = server;
        this.auditor = auditor;
        this.announcer = announcer;
    }

    /**
     * Starts {@code portal} on {@code host:port} (0: a free port) keeping its data through {@code kv} and announcing its
     * changes with {@code announcer} (closed with the portal); throws IOException when the port cannot be bound.
     */
    public static PortalServer start(Portal portal, String host, int port, VkvClient kv, Announcer announcer) throws IOException {
        Records records = new Records(kv);
        Enrollments enrollments = new Enrollments(kv, records, announcer);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        SeatAuditor auditor = null;
        if (portal == Portal.ADMIN) {
            b.addService(new AdminPortal(records, enrollments, announcer));
        } else {
            b.addService(new EnrollmentPortal(enrollments));
            auditor = new SeatAuditor(kv, records, enrollments).start(SETTLE_MILLIS, SWEEP_MILLIS);
        }
        Server server;
        try {
            server = b.build().start();
        } catch (IOException e) {
            if (auditor != null) {
                auditor.close();
            }
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("{} portal on {}:{} over vkv at {}", portal.name().toLowerCase(Locale.ROOT), host, server.getPort(), kv.target());
        return new PortalServer(server, auditor, announcer);
    }

    /** The port served on. */
    public int port() {
        return server.getPort();
    }

    /** Blocks until the portal stops. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        if (auditor != null) {
            auditor.close();
        }
        announcer.close();
    }
}
