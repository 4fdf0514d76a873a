package io.vkv.cli.cluster;

import io.vkv.broker.EmbeddedBroker;
import io.vkv.cli.NumberConverter;
import io.vkv.cli.PathConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vkv broker --port P [--data DIR]}: the embedded MQTT broker (Moquette) in the foreground until SIGTERM,
 * for single-machine clusters; {@code cluster up} runs it as its own process. Production clusters use Mosquitto.
 */
@Command(name = "broker", description = {
        "Run the embedded MQTT broker in the foreground on 127.0.0.1; SIGTERM or Ctrl-C stops it.",
        "For a cluster on one machine (vkv cluster up starts it); use Mosquitto in production."})
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "1883", converter = NumberConverter.Port.class, description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", converter = PathConverter.Directory.class,
            description = "Keep sessions, queues and retained messages in DIR across restarts (default: in memory only).")
    Path data;

    /** The arguments {@code cluster up} starts the broker with: the one place its command line is spelled. */
    static List<String> commandLine(int port, Path data) {
        return new ArrayList<>(List.of("broker", "--port", String.valueOf(port), "--data", data.toString()));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        EmbeddedBroker broker = EmbeddedBroker.start(port, data);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "vkv-broker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("vkv broker listening on 127.0.0.1:" + port + (data == null ? " (in memory)" : " (data " + data + ")"));
        out.flush();
        stopped.await();
        return 0;
    }
}
