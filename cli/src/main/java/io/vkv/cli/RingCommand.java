package io.vkv.cli;

import io.vkv.client.RingView;
import io.vkv.client.VkvClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code vkv ring}: the ring as the node sees it, one line per member with its token and share of the partitions. */
@Command(name = "ring", description = "Show the ring as the node sees it: each member's token, status and the partitions it replicates.")
final class RingCommand extends ClientCommand {

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        RingView ring = client.ring();
        PrintWriter out = spec.commandLine().getOut();
        if (!connection.json) {
            RingText.ring(ring).forEach(out::println);
            return 0;
        }
        for (RingView.Node n : ring.nodes()) {
            List<Integer> parts = ring.partitionsOf(n.id());
            out.println(Json.write(json -> {
                json.writeStartObject();
                json.writeStringField("node", n.id());
                json.writeStringField("address", n.address());
                json.writeStringField("token", RingText.token(n));
                json.writeStringField("status", n.status());
                json.writeArrayFieldStart("partitions");
                for (int p : parts) {
                    json.writeNumber(p);
                }
                json.writeEndArray();
                json.writeEndObject();
            }));
        }
        return 0;
    }
}
