package io.vkv.node.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The vkv version, git commit and build time this node was built as, read from the resource Maven fills in at build time. */
public final class BuildVersion {

    private static final String RESOURCE = "/io/vkv/node/version.properties";
    private static final Properties BUILD = read();

    private BuildVersion() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the build did not record it. */
    public static String current() {
        return value("version");
    }

    /** The abbreviated git commit, with {@code -dirty} when the tree had uncommitted changes; {@code unknown} without git. */
    public static String commit() {
        String commit = value("commit");
        return commit.equals("unknown") || !value("dirty").equals("true") ? commit : commit + "-dirty";
    }

    /** When the build ran, ISO-8601 in UTC; {@code unknown} without git. */
    public static String buildTime() {
        return value("built");
    }

    private static String value(String name) {
        String v = BUILD.getProperty(name, "unknown");
        return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource reads as an unrecorded build: every value "unknown"
        }
        return p;
    }
}
