package io.vkv.node.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The vkv version this node was built as, read from the resource Maven fills in at build time. */
public final class BuildVersion {

    private static final String RESOURCE = "/io/vkv/node/version.properties";
    private static final String VERSION = read();

    private BuildVersion() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the build did not record it. */
    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
