package io.vkv.node.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every setting with its flag, environment variable and default. */
class ConfigurationDocTest {

    @Test
    void everyKeyHasARowWithItsFlagVariableAndDefault() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigKey k : ConfigKey.values()) {
            String defaultCell = k.defaultText().isEmpty() ? "*(empty)*" : "`" + k.defaultText() + "`";
            String row = "| `" + k.key() + "` | " + defaultCell + " | `" + k.flag() + "` | `" + k.envVar() + "` |";
            assertTrue(doc.contains(row), "docs/configuration.md lacks the row: " + row);
        }
    }
}
