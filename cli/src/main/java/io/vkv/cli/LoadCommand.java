package io.vkv.cli;

import io.vkv.client.BatchFailedException;
import io.vkv.client.Context;
import io.vkv.client.Put;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import io.vkv.client.VkvException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vkv load FILE|-}: writes {@code KEY<TAB>VALUE} lines in PutMany batches. Malformed lines are
 * reported on stderr with their line number and skipped; the exit status is then 1 so scripts notice.
 * By default each batch first reads its keys so the writes replace current values; {@code --blind} skips
 * the read (faster into an empty store, but existing values are kept as siblings).
 */
@Command(name = "load", aliases = "putall", description = {
        "Write KEY<TAB>VALUE lines from FILE (- for stdin) in batches; prints how many puts were acknowledged.",
        "Malformed lines (no TAB, empty key) are reported with their line number and skipped (exit status 1)."})
final class LoadCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The file to load, or - for standard input.")
    String file;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "500", converter = NumberConverter.Batch.class, description = "Puts per PutMany stream (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--blind", description = "Write without reading first: existing values are kept as siblings.")
    boolean blind;

    private long acknowledged;

    @Override
    int run(VkvClient client, ResultPrinter printer) throws IOException {
        int skipped = 0;
        try (InputStream in = open()) {
            LoadFileParser parser = new LoadFileParser(in);
            List<LoadFileParser.Entry> batch = new ArrayList<>();
            Set<ByteBuffer> keysInBatch = new HashSet<>();
            for (LoadFileParser.Line line = parser.next(); line != null; line = parser.next()) {
                if (line instanceof LoadFileParser.Malformed m) {
                    err().println("line " + m.number() + ": " + m.reason() + " (skipped)");
                    skipped++;
                    continue;
                }
                LoadFileParser.Entry e = (LoadFileParser.Entry) line;
                // A key twice in one batch would be written twice with the same context: two siblings, not an overwrite.
                if (batch.size() == batchSize || !keysInBatch.add(ByteBuffer.wrap(e.key()))) {
                    send(client, batch);
                    batch.clear();
                    keysInBatch.clear();
                    keysInBatch.add(ByteBuffer.wrap(e.key()));
                }
                batch.add(e);
            }
            send(client, batch);
        }
        printer.count("acknowledged", acknowledged);
        if (skipped > 0) {
            err().println(skipped + " malformed line" + (skipped == 1 ? "" : "s") + " skipped");
            return 1;
        }
        return 0;
    }

    private InputStream open() throws IOException {
        if (file.equals("-")) {
            return new BufferedInputStream(System.in);
        }
        try {
            return new BufferedInputStream(Files.newInputStream(Path.of(file)));
        } catch (NoSuchFileException e) {
            throw new VkvException("cannot read " + file + ": no such file");
        }
    }

    private void send(VkvClient client, List<LoadFileParser.Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Context> contexts = blind ? null : client.getMany(batch.stream().map(LoadFileParser.Entry::key).toList())
                .stream().map(Versions::context).toList();
        List<Put> puts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            puts.add(new Put(batch.get(i).key(), batch.get(i).value(), contexts == null ? Context.EMPTY : contexts.get(i)));
        }
        try {
            acknowledged += client.putMany(puts).size();
        } catch (BatchFailedException e) {
            acknowledged += e.acknowledged();
            LoadFileParser.Entry failed = batch.get(Math.min(e.acknowledged(), batch.size() - 1));
            throw new VkvException(e.getMessage() + " (line " + failed.number() + "; " + acknowledged
                    + " puts acknowledged before it)", e);
        }
    }
}
