package io.vkv.cli;

import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vkv get KEY [--at VERSION]}: prints the value, or every sibling, and the context to write the key with. */
@Command(name = "get", description = {
        "Read a key: its value (or its concurrent siblings) and its context.",
        "With --at, the version in force at that version number (the newest at or below it; see history)."})
final class GetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--at", paramLabel = "VERSION", converter = NumberConverter.Version.class,
            description = "Read as of this version number (1..2^63-1) instead of now; no context is printed.")
    Long at;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.read(at == null ? client.get(key) : client.getAt(key, at));
        return 0;
    }
}
