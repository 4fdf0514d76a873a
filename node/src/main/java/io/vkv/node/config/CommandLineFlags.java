package io.vkv.node.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Node command-line flags ({@code --port 7001} or {@code --port=7001}), keyed by config key, plus
 * {@code --config <file>}. Unknown flags, missing values and stray arguments are errors.
 */
public record CommandLineFlags(Map<String, String> values, Optional<Path> configFile) {

    /** The flag that names the config file. */
    public static final String CONFIG_FLAG = "--config";

    /** Parses {@code args}; throws {@link ConfigException} naming the offending argument. */
    public static CommandLineFlags parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        Path config = null;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                errors.add("unexpected argument '" + arg + "' (settings are given as --flag value)");
                continue;
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                errors.add("flag " + flag + " needs a value");
                continue;
            }
            if (flag.equals(CONFIG_FLAG)) {
                config = Path.of(value);
                continue;
            }
            Optional<ConfigKey> key = ConfigKey.byFlag(flag);
            if (key.isEmpty()) {
                errors.add("unknown flag " + flag + " (known flags: " + knownFlags() + ")");
            } else if (values.put(key.get().key(), value) != null) {
                errors.add("flag " + flag + " is given twice");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("\n", errors));
        }
        return new CommandLineFlags(Map.copyOf(values), Optional.ofNullable(config));
    }

    private static String knownFlags() {
        List<String> flags = new ArrayList<>();
        flags.add(CONFIG_FLAG);
        for (ConfigKey k : ConfigKey.values()) {
            flags.add(k.flag());
        }
        return String.join(", ", flags);
    }
}
