package io.vkv.cli;

import io.vkv.client.Delete;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vkv delrange FROM TO}: deletes every key in [FROM, TO), each with the context it was read with. */
@Command(name = "delrange", description = "Delete every key in [FROM, TO), each with the context it was read with; prints how many.")
final class DelRangeCommand extends ClientCommand {

    /** Keys read and deleted per round trip. */
    static final int PAGE = 500;

    @Parameters(index = "0", paramLabel = "FROM", description = "First key (inclusive).")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "End key (exclusive).")
    String to;

    @Override
    int run(VkvClient client, ResultPrinter printer) {
        printer.count("deleted", deleteRange(client, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8)));
        return 0;
    }

    /** Deletes the keys of [from, to) (null: open) page by page; values written after a key was read survive as siblings. */
    static long deleteRange(VkvClient client, byte[] from, byte[] to) {
        long deleted = 0;
        Iterator<Versions> keys = client.scanAll(from, to, PAGE);
        List<Delete> page = new ArrayList<>(PAGE);
        while (keys.hasNext()) {
            Versions v = keys.next();
            page.add(new Delete(v.key(), v.context()));
            if (page.size() == PAGE || !keys.hasNext()) {
                deleted += client.deleteMany(page).size();
                page.clear();
            }
        }
        return deleted;
    }
}
