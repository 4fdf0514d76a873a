package io.vkv.cli;

import io.vkv.client.RingView;
import io.vkv.client.VkvClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code vkv where KEY}: the partition of a key and its preference list, as the node sees the ring. */
@Command(name = "where", description = "Show which partition a key belongs to and which nodes replicate it, in preference order.")
final class WhereCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        if (key.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "KEY must not be empty: no key is empty, so none has a place on the ring");
        }
        RingView ring = client.ring();
        PrintWriter out = spec.commandLine().getOut();
        if (!connection.json) {
            RingText.where(ring, key).forEach(out::println);
            return 0;
        }
        int partition = ring.partitionOf(key.getBytes(StandardCharsets.UTF_8));
        out.println(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("key", key);
            json.writeNumberField("partition", partition);
            json.writeArrayFieldStart("replicas");
            for (String id : ring.replicas(partition)) {
                json.writeStartObject();
                json.writeStringField("node", id);
                json.writeStringField("address", ring.node(id).map(RingView.Node::address).orElse(""));
                json.writeStringField("status", ring.node(id).map(RingView.Node::status).orElse("unknown"));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
        return 0;
    }
}
