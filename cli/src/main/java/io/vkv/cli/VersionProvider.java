package io.vkv.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code vkv --version} prints: the version, the git commit and the time of the build, baked in by Maven. */
final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "/io/vkv/cli/build.properties";

    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // unreadable: every value prints as unknown
        }
        String commit = value(build, "commit");
        if (!commit.equals("unknown") && value(build, "dirty").equals("true")) {
            commit += "-dirty";
        }
        return new String[] {"vkv " + value(build, "version") + " (commit " + commit + ", built " + value(build, "built") + ")"};
    }

    /** A value Maven filled in; "unknown" when it did not (no build, or no git repository to ask). */
    private static String value(Properties build, String name) {
        String v = build.getProperty(name, "unknown");
        return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }
}
