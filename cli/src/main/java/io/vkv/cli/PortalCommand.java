package io.vkv.cli;

import io.vkv.client.VkvClient;
import io.vkv.examples.enrollment.Announcer;
import io.vkv.examples.enrollment.MqttAnnouncer;
import io.vkv.examples.enrollment.PortalServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code vkv portal admin|enrollment --port P}: one of the enrollment example's portals, in the foreground, over a vkv node. */
@Command(name = "portal", description = {
        "Run an enrollment portal (examples/enrollment) over a vkv node until Ctrl-C: admin serves project.PortalAdministrativo,"
                + " enrollment serves project.PortalMatricula.",
        "Run several, each on its own node: what one writes, the others see. Changes are announced on MQTT topics portal/#."})
public final class PortalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "admin|enrollment", converter = PortalConverter.class, description = "Which portal.")
    PortalServer.Portal portal;

    @Option(names = "--port", paramLabel = "PORT", required = true, converter = NumberConverter.Port.class, description = "The portal's gRPC port.")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--broker-url", paramLabel = "URL", defaultValue = "${env:VKV_PORTAL_BROKER:-}",
            description = "MQTT broker to announce changes on, tcp://HOST:PORT (default: $VKV_PORTAL_BROKER, else none).")
    String brokerUrl;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        VkvClient kv = connection.connectRouted();
        Announcer announcer = brokerUrl == null || brokerUrl.isBlank() ? Announcer.none()
                : MqttAnnouncer.connect(brokerUrl, "portal-" + portal.name().toLowerCase() + "-" + ProcessHandle.current().pid());
        PortalServer server = PortalServer.start(portal, host, port, kv, announcer);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            kv.close();
        }, "portal-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(portal.name().toLowerCase() + " portal on " + host + ":" + server.port() + " over vkv at " + connection.node
                + (announcer == Announcer.none() ? "" : "; announcing on " + brokerUrl));
        out.flush();
        server.awaitTermination();
        return 0;
    }

    /** Reads the portal's name. */
    static final class PortalConverter implements ITypeConverter<PortalServer.Portal> {
        @Override
        public PortalServer.Portal convert(String value) {
            try {
                return PortalServer.Portal.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
