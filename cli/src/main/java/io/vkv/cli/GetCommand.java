package io.vkv.cli;

import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vkv get KEY}: prints the value, or every sibling, and the context to write the key with. */
@Command(name = "get", description = "Read a key: its value (or its concurrent siblings) and its context.")
final class GetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.read(client.get(key));
        return 0;
    }
}
