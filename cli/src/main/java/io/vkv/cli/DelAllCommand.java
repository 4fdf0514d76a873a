package io.vkv.cli;

import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;

/** {@code vkv delall}: deletes every key, each with the context it was read with. */
@Command(name = "delall", description = "Delete every key, each with the context it was read with; prints how many.")
final class DelAllCommand extends ClientCommand {

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.count("deleted", DelRangeCommand.deleteRange(client, null, null));
        return 0;
    }
}
