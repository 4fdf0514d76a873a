package io.vkv.cli;

import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vkv trim KEY}: keeps only the key's latest version, on every replica. */
@Command(name = "trim", description = "Drop every version of a key but the latest, on every replica; prints the one kept.")
final class TrimCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.trimmed(key, client.trim(key));
        return 0;
    }
}
