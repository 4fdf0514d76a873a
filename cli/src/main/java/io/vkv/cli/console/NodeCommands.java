package io.vkv.cli.console;

import io.vkv.cli.RingText;
import io.vkv.cli.cluster.NodeProbe;
import io.vkv.client.HostPort;
import io.vkv.proto.v1.InfoResponse;
import java.time.Duration;
import java.util.Optional;

/** The console's commands about nodes: which one it talks to ({@code use}) and which it knows ({@code nodes}). */
final class NodeCommands {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final ConsoleSession session;
    private final ConsoleOutput out;

    NodeCommands(ConsoleSession session, ConsoleOutput out) {
        this.session = session;
        this.out = out;
    }

    /** Learns the current node's id and the members it reports; false when it does not answer. */
    boolean discover() {
        return probe(session.current()).isPresent();
    }

    void use(String name) {
        HostPort address = session.nodes().resolve(name);
        session.use(address);
        if (probe(address).isPresent()) {
            out.note("using " + session.nodes().label(address));
        } else {
            out.error("using " + address + ", which does not answer now: commands will fail until it does");
        }
    }

    void nodes() {
        HostPort current = session.current();
        for (HostPort address : session.nodes().addresses()) {
            Optional<InfoResponse> info = probe(address);
            String id = session.nodes().id(address).orElse("?");
            String state = info.map(i -> "up, " + i.getKeyCount() + (i.getKeyCount() == 1 ? " key" : " keys")).orElse("not answering");
            out.line(String.format("%s %-6s %-22s %s", address.equals(current) ? "*" : " ", id, address, state));
        }
    }

    void ring() {
        RingText.ring(session.client().ring()).forEach(out::line);
    }

    void where(String key) {
        RingText.where(session.client().ring(), key).forEach(out::line);
    }

    private Optional<InfoResponse> probe(HostPort address) {
        Optional<InfoResponse> info = NodeProbe.info(address, PROBE_TIMEOUT, session.credentials());
        info.ifPresent(i -> session.nodes().learn(address, i));
        return info;
    }
}
