package io.vkv.client;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Walks every key of {@code [from, to)} in order, one scan page at a time, so that a range of any size
 * is read with bounded memory and a deadline per page. Keys written during the walk may or may not appear.
 */
final class ScanPager implements Iterator<Versions> {

    /** Reads one page: keys in [from, to), at most limit. */
    @FunctionalInterface
    interface PageReader {
        List<Versions> read(byte[] from, byte[] to, int limit);
    }

    private final PageReader reader;
    private final byte[] to;
    private final int pageSize;
    private byte[] nextFrom;
    private Iterator<Versions> page = List.<Versions>of().iterator();
    private boolean lastPage;

    ScanPager(PageReader reader, byte[] from, byte[] to, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.reader = reader;
        this.nextFrom = from;
        this.to = to;
        this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && !lastPage) {
            List<Versions> batch = reader.read(nextFrom, to, pageSize);
            // Only an empty page ends the walk: a node may cap the page below the size asked for.
            lastPage = batch.isEmpty();
            if (!lastPage) {
                nextFrom = successor(batch.get(batch.size() - 1).key());
            }
            page = batch.iterator();
        }
        return page.hasNext();
    }

    @Override
    public Versions next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }

    /** The smallest key greater than {@code key} in unsigned byte order: the key followed by a zero byte. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
