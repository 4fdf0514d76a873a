package io.vkv.cli;

import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import java.util.Iterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vkv dump}: every key in order, paging through scans; the text form is what {@code load} reads. */
@Command(name = "dump", aliases = "getall",
        description = "Print every key in byte order (KEY<TAB>VALUE lines that load reads back, or JSON objects).")
final class DumpCommand extends ClientCommand {

    @Option(names = "--page", paramLabel = "N", defaultValue = "500", converter = NumberConverter.Batch.class, description = "Keys per scan request (default ${DEFAULT-VALUE}).")
    int page;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        Iterator<Versions> keys = client.scanAll(null, null, page);
        // Stop paging once nobody reads the output any more.
        while (keys.hasNext() && !printer.closed()) {
            printer.entry(keys.next());
        }
        return 0;
    }
}
