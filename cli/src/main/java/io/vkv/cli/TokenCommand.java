package io.vkv.cli;

import io.vkv.cli.cluster.ClusterDir;
import io.vkv.cli.cluster.ClusterException;
import io.vkv.cli.cluster.SecureFiles;
import io.vkv.node.config.ConfigException;
import io.vkv.node.security.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code vkv token new}: issues a bearer token, adding its hash to a tokens file the nodes read. */
@Command(name = "token", description = "Bearer tokens of a secure cluster.", subcommands = TokenCommand.New.class)
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: vkv token new --role ROLE --name NAME");
    }

    /** {@code vkv token new --role ROLE --name NAME [--tokens FILE | --dir DIR]}. */
    @Command(name = "new", description = {"Make a token with a role, add its SHA-256 to the tokens file (nodes take it within a second)"
            + " and print the token: the one time it is shown.",
            "The file: --tokens FILE (auth.tokens of the nodes), else that of the secure cluster in --dir."})
    static final class New implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--role", required = true, paramLabel = "ROLE", converter = RoleConverter.class,
                description = "read (get, scan, watch, history), write (also put, delete, trim) or admin (also leave).")
        Role role;

        @Option(names = "--name", required = true, paramLabel = "NAME", converter = NameConverter.class,
                description = "Who holds it: 1..64 characters of [A-Za-z0-9_.@-], unique in the file.")
        String name;

        @Option(names = "--tokens", paramLabel = "FILE", converter = PathConverter.FileToWrite.class, description = "The tokens file to add it to.")
        Path tokens;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:VKV_CLUSTER_DIR:-.vkv}", converter = PathConverter.Directory.class,
                description = "A secure cluster directory of vkv cluster up --secure (default: $VKV_CLUSTER_DIR, else .vkv).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Path file = tokens;
            if (file == null) {
                SecureFiles secure = new ClusterDir(dir).secure();
                if (!secure.exist()) {
                    throw new ClusterException(ClusterDir.display(dir) + " holds no secure cluster: give --tokens FILE,"
                            + " or start one with vkv cluster up --secure");
                }
                file = secure.tokens();
            }
            String token;
            try {
                token = SecureFiles.appendToken(file, role, name, new SecureRandom());
            } catch (ConfigException e) { // the file would not parse with it: a name used already
                throw new ParameterException(spec.commandLine(), "--name: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            return 0;
        }
    }

    /** Reads {@code --name}: the names a tokens file accepts. */
    static final class NameConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[A-Za-z0-9_.@-]{1,64}")) {
                throw new TypeConversionException(Quote.of(value) + " is not a token name: 1..64 characters of [A-Za-z0-9_.@-]");
            }
            return value;
        }
    }

    /** Reads {@code --role}. */
    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return Role.parse(value).orElseThrow(() -> new TypeConversionException("'" + value + "' is not a role: read, write or admin"));
        }
    }
}
