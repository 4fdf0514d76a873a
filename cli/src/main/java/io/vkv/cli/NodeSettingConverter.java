package io.vkv.cli;

import io.vkv.node.config.ConfigException;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfigLoader;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code vkv node} flag with the node's own config rules as it is parsed, so a bad value is refused with
 * the option named before anything starts. The text is kept as typed: {@link NodeCommand} hands it to the loader.
 */
abstract class NodeSettingConverter implements ITypeConverter<String> {

    private final ConfigKey key;

    NodeSettingConverter(ConfigKey key) {
        this.key = key;
    }

    @Override
    public String convert(String value) {
        try {
            NodeConfigLoader.load(Map.of(), Map.of(), Map.of(key.key(), value));
            return value;
        } catch (ConfigException e) {
            throw new TypeConversionException(reason(e.getMessage()));
        }
    }

    /** The loader's "key: reason (from --flag)" without what picocli says already (the option). */
    private String reason(String message) {
        String m = message.lines().findFirst().orElse(message);
        if (m.startsWith(key.key() + ": ")) {
            m = m.substring(key.key().length() + 2);
        }
        String from = " (from " + key.flag() + ")";
        return m.endsWith(from) ? m.substring(0, m.length() - from.length()) : m;
    }

    static final class Id extends NodeSettingConverter {
        Id() {
            super(ConfigKey.NODE_ID);
        }
    }

    static final class Host extends NodeSettingConverter {
        Host() {
            super(ConfigKey.NODE_HOST);
        }
    }

    static final class Port extends NodeSettingConverter {
        Port() {
            super(ConfigKey.NODE_PORT);
        }
    }

    static final class Fsync extends NodeSettingConverter {
        Fsync() {
            super(ConfigKey.FSYNC);
        }
    }

    static final class SnapshotInterval extends NodeSettingConverter {
        SnapshotInterval() {
            super(ConfigKey.SNAPSHOT_INTERVAL);
        }
    }

    static final class BrokerUrl extends NodeSettingConverter {
        BrokerUrl() {
            super(ConfigKey.BROKER_URL);
        }
    }

    /** The data directory: the loader's rule, and it must be a directory that exists or can be created. */
    static final class DataDir extends NodeSettingConverter {
        DataDir() {
            super(ConfigKey.DATA_DIR);
        }

        @Override
        public String convert(String value) {
            new PathConverter.Directory().convert(value);
            return super.convert(value);
        }
    }
}
