package io.vkv.cli;

import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vkv scan [FROM [TO]] [--limit N]}: keys in [FROM, TO) in byte order, deleted keys skipped. */
@Command(name = "scan", aliases = "getrange",
        description = "List keys in [FROM, TO) in byte order (deleted keys are skipped), as KEY<TAB>VALUE lines or JSON objects.")
final class ScanCommand extends ClientCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FROM", description = "First key (inclusive; default: the first key).")
    String from;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TO", description = "End key (exclusive; default: no end).")
    String to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", converter = NumberConverter.Positive.class, description = "At most N keys (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        for (Versions v : client.scan(from, to, limit)) {
            printer.entry(v);
        }
        return 0;
    }
}
