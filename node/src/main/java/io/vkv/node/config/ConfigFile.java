package io.vkv.node.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** Reads a node's config file (Java properties, UTF-8) and finds which file to read. */
public final class ConfigFile {

    /** The file read from the working directory when none is named. */
    public static final String DEFAULT_NAME = "vkv.properties";
    /** The environment variable that names the config file. */
    public static final String ENV_VAR = "VKV_CONFIG";

    private ConfigFile() {
    }

    /** The entries of {@code file}; throws {@link ConfigException} when it cannot be read. */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (MalformedInputException e) {
            throw new ConfigException("config file " + file + " is not valid UTF-8");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name).trim());
        }
        return out;
    }

    /**
     * The config file to read: {@code --config}, else {@code VKV_CONFIG}, else {@code vkv.properties}
     * in {@code workingDir} when it exists; empty when there is none (defaults apply).
     */
    public static Optional<Path> locate(CommandLineFlags flags, Map<String, String> env, Path workingDir) {
        if (flags.configFile().isPresent()) {
            return flags.configFile();
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv.trim()));
        }
        Path local = workingDir.resolve(DEFAULT_NAME);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    /** The configuration a node started with {@code args} in {@code env} runs with. */
    public static NodeConfig load(String[] args, Map<String, String> env, Path workingDir) {
        CommandLineFlags flags = CommandLineFlags.parse(args);
        Map<String, String> entries = locate(flags, env, workingDir).map(ConfigFile::read).orElse(Map.of());
        return NodeConfigLoader.load(entries, env, flags.values());
    }
}
