package io.vkv.cli;

import io.vkv.client.Context;
import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vkv put KEY VALUE [--context TOKEN]}: writes a value and prints the new context. */
@Command(name = "put", description = {
        "Write a value. Without --context it is a blind write: if the key has a value it is kept as a concurrent sibling.",
        "Pass the context printed by get to replace what you read."})
final class PutCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Option(names = "--context", paramLabel = "TOKEN", converter = ContextConverter.class,
            description = "Context from the last get/put of this key.")
    Context context = Context.EMPTY;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.written(key, client.put(key, value, context));
        return 0;
    }
}
