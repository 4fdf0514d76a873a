package io.vkv.examples.enrollment;

import io.vkv.client.SiblingResolver;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Students, professors and courses in vkv: one key per record holding its protobuf encoding. Create refuses an id that
 * exists; edit and remove refuse one that does not. Two portals that edit the same record at once leave siblings; reads
 * keep the later write (highest hybrid-clock time), and the next write supersedes both.
 */
final class Records {

    private static final SiblingResolver LATEST = SiblingResolver.lastWriterWins();

    private final VkvClient kv;

    Records(VkvClient kv) {
        this.kv = kv;
    }

    /** Stores a new record; throws {@link BadInput} when {@code id} exists. */
    void create(Kind kind, String id, byte[] record) {
        Versions v = read(kind, id);
        if (v.found()) {
            throw new BadInput(kind.noun() + " " + id + " already exists");
        }
        kv.put(Keys.utf8(Keys.record(kind, id)), record, v.context());
    }

    /** Replaces a record; throws {@link BadInput} when there is none. */
    void edit(Kind kind, String id, byte[] record) {
        Versions v = existing(kind, id);
        kv.put(Keys.utf8(Keys.record(kind, id)), record, v.context());
    }

    /** Deletes a record; throws {@link BadInput} when there is none. */
    void remove(Kind kind, String id) {
        Versions v = existing(kind, id);
        kv.delete(Keys.utf8(Keys.record(kind, id)), v.context());
    }

    /** The record of {@code id}, if it exists. */
    Optional<byte[]> get(Kind kind, String id) {
        Versions v = read(kind, id);
        return v.found() ? v.value() : Optional.empty();
    }

    /** Every record of {@code kind}, in id order. */
    List<byte[]> all(Kind kind) {
        List<byte[]> out = new ArrayList<>();
        Iterator<Versions> it = kv.scanPrefix(Keys.records(kind), 500);
        while (it.hasNext()) {
            Versions v = it.next().resolve(LATEST);
            if (v.found()) {
                v.value().ifPresent(out::add);
            }
        }
        return out;
    }

    private Versions existing(Kind kind, String id) {
        Versions v = read(kind, id);
        if (!v.found()) {
            throw new BadInput(kind.noun() + " " + id + " does not exist");
        }
        return v;
    }

    private Versions read(Kind kind, String id) {
        return kv.get(Keys.record(kind, id)).resolve(LATEST);
    }
}
