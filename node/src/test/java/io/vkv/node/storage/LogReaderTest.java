package io.vkv.node.storage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading logs with damage in the middle: large garbage or zero regions are skipped, records after them read. */
class LogReaderTest {

    @TempDir
    Path tmp;

    /** A framed record for {@code key}, made longer by {@code padding} '#' characters in the key. */
    private static byte[] record(String key, int padding) {
        return LogRecordFormat.frame(LogRecord.newBuilder()
                .setKey(ByteString.copyFromUtf8(key + "#".repeat(padding)))
                .setState(KeyStateProto.getDefaultInstance())
                .build()
                .toByteArray());
    }

    private static List<String> keysOf(Path file, List<String> problems) throws IOException {
        List<String> keys = new ArrayList<>();
        LogReader.Outcome o = LogReader.read(file, (offset, payload) -> {
            try {
                keys.add(LogRecord.parseFrom(payload).getKey().toStringUtf8().replace("#", ""));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        problems.addAll(o.problems());
        assertFalse(o.hasTornTail(), o.problems().toString());
        return keys;
    }

    private Path logWith(byte[] damage) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            out.write(record("before-" + i, i * 100));
        }
        out.write(damage);
        for (int i = 0; i < 5; i++) {
            out.write(record("after-" + i, i * 100));
        }
        Path file = tmp.resolve("log.0");
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void sixteenMegabytesOfGarbageInTheMiddleAreSkippedAndTheRecordsAfterThemRead() throws IOException {
        byte[] garbage = new byte[16 << 20];
        new Random(11).nextBytes(garbage);
        List<String> problems = new ArrayList<>();
        List<String> keys = keysOf(logWith(garbage), problems);
        assertEquals(List.of("before-0", "before-1", "before-2", "before-3", "before-4", "after-0", "after-1", "after-2", "after-3", "after-4"), keys);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("skipped " + garbage.length + " bytes"), problems.get(0));
    }

    @Test
    void aZeroFilledRegionInTheMiddleIsSkipped() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> keys = keysOf(logWith(new byte[1 << 20]), problems);
        assertEquals(10, keys.size());
        assertTrue(problems.get(0).contains("record length out of range"), problems.get(0));
    }

    @Test
    void aTornTailIsReportedWithTheEndOfTheLastGoodRecord() throws IOException {
        byte[] good = record("good", 10);
        byte[] torn = record("torn", 10);
        Path file = tmp.resolve("log.1");
        Files.write(file, good);
        DataDirFiles.append(file, Arrays.copyOf(torn, torn.length - 1));
        LogReader.Outcome o = LogReader.read(file, (offset, payload) -> { });
        assertEquals(1, o.records());
        assertEquals(good.length, o.validEnd());
        assertTrue(o.hasTornTail());
    }
}
