package io.vkv.cli.cluster;

import io.vkv.client.HostPort;
import java.nio.file.Files;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Which MQTT broker a cluster uses: the embedded one run as its own process, the system's Mosquitto, or an
 * existing broker at a URL that the launcher neither starts nor stops.
 *
 * @param url the broker's URL for {@code external}; null for the two the launcher starts (their port is chosen then)
 */
public record BrokerChoice(String kind, String url) {

    public static final BrokerChoice EMBEDDED = new BrokerChoice("embedded", null);
    public static final BrokerChoice MOSQUITTO = new BrokerChoice("mosquitto", null);

    /**
     * Mosquitto when it is installed, the embedded broker otherwise: on this project's two-core machine a
     * 3-node cluster on Mosquitto took 7% more puts/s for 9% less CPU per put (docs/benchmarks.md), and
     * Moquette has defects vkv works around (docs/operations.md).
     */
    public static BrokerChoice preferred() {
        return Files.isExecutable(MosquittoConfig.BINARY) ? MOSQUITTO : EMBEDDED;
    }

    /** True when the launcher starts (and stops) the broker itself. */
    public boolean launched() {
        return url == null;
    }

    /** Parses {@code auto} ({@link #preferred()}), {@code embedded}, {@code mosquitto} or {@code tcp://HOST:PORT} (also {@code ssl://}). */
    public static BrokerChoice parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("auto")) {
            return preferred();
        }
        if (t.equals("embedded")) {
            return EMBEDDED;
        }
        if (t.equals("mosquitto")) {
            return MOSQUITTO;
        }
        int scheme = t.indexOf("://");
        if (scheme > 0 && (t.startsWith("tcp://") || t.startsWith("ssl://"))) {
            try {
                HostPort.parse(t.substring(scheme + 3));
                return new BrokerChoice("external", t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a broker URL: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a broker: expected auto, embedded, mosquitto or tcp://HOST:PORT");
    }

    /** Reads {@code --broker}. */
    static final class Converter implements ITypeConverter<BrokerChoice> {
        @Override
        public BrokerChoice convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
