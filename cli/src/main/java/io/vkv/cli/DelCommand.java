package io.vkv.cli;

import io.vkv.client.Context;
import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vkv del KEY [--context TOKEN]}: deletes a key (writes a tombstone) and prints the new context. */
@Command(name = "del", aliases = "delete", description = {
        "Delete a key (write a tombstone); prints the new context.",
        "Pass the context printed by get to delete what you read: without it, the current values are kept as siblings."})
final class DelCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--context", paramLabel = "TOKEN", converter = ContextConverter.class,
            description = "Context from the last get/put of this key.")
    Context context = Context.EMPTY;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.written(key, client.delete(key, context));
        return 0;
    }
}
