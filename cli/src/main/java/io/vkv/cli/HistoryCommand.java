package io.vkv.cli;

import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vkv history KEY}: every version the key keeps, oldest first, with its version number. */
@Command(name = "history", description = {
        "List a key's versions, oldest first: VERSION, value (or (deleted)) and time.",
        "It keeps up to history.max-versions superseded versions besides the live ones; read one with get KEY --at VERSION."})
final class HistoryCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.history(client.history(key));
        return 0;
    }
}
