package io.vkv.cli.cluster;

import io.vkv.broker.EmbeddedBroker;
import io.vkv.cli.NumberConverter;
import io.vkv.cli.PathConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--tls-cert", paramLabel = "FILE", converter = PathConverter.ExistingFile.class, description = "Serve MQTT over TLS only, with this PEM certificate (with --tls-key and --tls-ca).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", converter = PathConverter.ExistingFile.class, description = "The certificate's unencrypted PKCS#8 PEM key.")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", converter = PathConverter.ExistingFile.class, description = "The CA whose certificates clients must present (PEM); a client without one is refused.")
    Path tlsCa;

    /** The arguments {@code cluster up} starts the broker with: the one place its command line is spelled. */
    static List<String> commandLine(int port, Path data, Optional<SecureFiles> secure) {
        List<String> args = new ArrayList<>(List.of("broker", "--port", String.valueOf(port), "--data", data.toString()));
        secure.ifPresent(s -> args.addAll(List.of("--tls-cert", s.broker()[0].toString(), "--tls-key", s.broker()[1].toString(),
                "--tls-ca", s.ca().toString())));
        return args;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        long given = Stream.of(tlsCert, tlsKey, tlsCa).filter(Objects::nonNull).count();
        if (given != 0 && given != 3) {
            throw new ParameterException(spec.commandLine(), "TLS needs all of --tls-cert, --tls-key and --tls-ca");
        }
        EmbeddedBroker broker = EmbeddedBroker.start(port, data, given == 3 ? new EmbeddedBroker.Tls(tlsCert, tlsKey, tlsCa) : null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "vkv-broker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("vkv broker listening on " + broker.url() + (data == null ? " (in memory)" : " (data " + data + ")"));
        out.flush();
        stopped.await();
        return 0;
    }
}
