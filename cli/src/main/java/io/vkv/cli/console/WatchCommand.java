package io.vkv.cli.console;

import io.vkv.cli.NodeErrors;
import io.vkv.cli.ValueText;
import io.vkv.client.KeyChange;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import io.vkv.client.VkvException;
import io.vkv.client.WatchHandle;
import io.vkv.client.WatchListener;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** {@code watch PREFIX}: prints each change under the prefix as it happens, until interrupted (Ctrl-C) or the stream fails. */
final class WatchCommand {

    private final ConsoleSession session;
    private final ConsoleOutput out;
    private volatile CountDownLatch running;

    WatchCommand(ConsoleSession session, ConsoleOutput out) {
        this.session = session;
        this.out = out;
    }

    /** Blocks until {@link #interrupt()} or the watch fails; the console then goes on. */
    void run(String prefix) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<VkvException> failure = new AtomicReference<>();
        running = done;
        WatchHandle watch = session.client().watch(prefix, new WatchListener() {
            @Override
            public void onChange(KeyChange change) {
                out.line(describe(change));
            }

            @Override
            public void onError(VkvException error) {
                failure.set(error);
                done.countDown();
            }
        });
        out.note("watching " + (prefix.isEmpty() ? "every key" : "keys starting with '" + prefix + "'") + " on "
                + session.nodes().label(session.current()) + "; Ctrl-C stops");
        try {
            done.await();
        } finally {
            running = null;
            watch.cancel();
        }
        if (failure.get() != null) {
            out.error("watch ended: " + NodeErrors.describe(failure.get(), session.current()));
        } else {
            out.note("watch stopped");
        }
    }

    /** Stops a running watch (Ctrl-C); does nothing otherwise. */
    void interrupt() {
        CountDownLatch r = running;
        if (r != null) {
            r.countDown();
        }
    }

    private String describe(KeyChange change) {
        Versions v = change.state();
        ValueText key = ValueText.of(v.key());
        if (!key.base64()) {
            session.saw(key.text());
        }
        List<Sibling> all = v.siblings();
        String what = !v.found() ? "deleted"
                : all.size() == 1 ? "= " + ValueText.of(all.get(0).value()).text()
                : "= " + all.size() + " siblings: " + all.stream().map(s -> s.deleted() ? "(deleted)" : ValueText.of(s.value()).text())
                        .collect(Collectors.joining(" | "));
        return key.text() + " " + what + "  (by " + change.origin() + ")";
    }
}
