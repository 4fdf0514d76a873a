package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code vkv bench} against a real node: the warm-up line, per-second progress and the client CPU figures. */
class BenchCommandTest extends OneNodeTest {

    private static final String PROGRESS = "\\d+\\.\\d\\d s: \\d+ ops, \\d+ ops/s, p99 [\\d.]+ ms";
    private static final String WARM_UP = "warm-up: [\\d.]+ s, (the rate settled|hit the --warmup-max cap before the rate settled) "
            + "\\(\\d+\\.\\.\\d+ ops/s over the last 3 s\\)";
    /** The node runs in this JVM, so its CPU counts as the client's and this warning may appear in any run. */
    private static final String CLIENT_BOUND = "warning: the bench client used \\d+% of a core; .*";

    /** Runs bench against the test node with few keys and calls, and checks it succeeded. */
    private static CliRun bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "--node", node.address(), "--in-flight", "4", "--keys", "50"));
        all.addAll(Arrays.asList(args));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, run.status(), run::toString);
        return run;
    }

    /** The stderr lines of {@code run} that are not the client-bound warning. */
    private static List<String> errLines(CliRun run) {
        return run.err().lines().filter(l -> !l.matches(CLIENT_BOUND)).toList();
    }

    @Test
    void progressPrintsOneLinePerSecondOfTheMeasuredRun() {
        CliRun run = bench("--warmup", "0s", "--duration", "2s", "--progress");
        List<String> lines = errLines(run);
        assertTrue(lines.size() >= 2, run::toString);
        lines.forEach(line -> assertTrue(line.matches(PROGRESS), () -> line + " is not a progress line\n" + run));
        assertTrue(run.out().contains(" ops/s\nlatency per call: p50 "), run::toString);
    }

    @Test
    void withoutProgressNothingIsPrintedPerSecond() {
        CliRun run = bench("--warmup", "0s", "--duration", "1500ms");
        assertEquals(List.of(), errLines(run), run::toString);
    }

    @Test
    void jsonCarriesTheClientCpuTheMeasuredRunUsed() {
        CliRun run = bench("--warmup", "0s", "--duration", "1s", "--json");
        assertTrue(run.out().matches("\\{\"mode\":\"put\",\"in_flight\":4,\"r\":0,\"w\":0,\"ops\":\\d+,\"calls\":\\d+,\"errors\":0,\"seconds\":[\\d.]+,"
                + "\"ops_per_sec\":\\d+,\"p50_ms\":[\\d.]+,\"p99_ms\":[\\d.]+,\"p999_ms\":[\\d.]+,\"max_ms\":[\\d.]+,"
                + "\"client_cpu_s\":[\\d.]+,\"client_cpu_us_per_op\":[\\d.]+}\n"), run::toString);
        assertTrue(number("client_cpu_s", run.out()) > 0, run::toString);
        assertTrue(number("client_cpu_us_per_op", run.out()) > 0, run::toString);
    }

    @Test
    void textOutputStatesTheClientCpu() {
        CliRun run = bench("--warmup", "0s", "--ops", "200");
        assertTrue(run.out().matches("(?s).*\nclient CPU: [\\d.]+ s, [\\d.]+ µs per op, \\d+% of a core\nerrors: 0\n"), run::toString);
    }

    @Test
    void autoWarmUpWithASmallCapEndsAndSaysWhetherItSettled() {
        CliRun run = bench("--warmup", "auto", "--warmup-max", "2s", "--ops", "100");
        List<String> lines = errLines(run);
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).matches(WARM_UP), run::toString);
        assertTrue(run.out().startsWith("put: 4 in flight"), run::toString);
    }

    @Test
    void autoIsTheDefaultWarmUp() {
        CliRun run = bench("--warmup-max", "1s", "--ops", "100");
        assertTrue(errLines(run).get(0).matches(WARM_UP), run::toString);
    }

    @Test
    void aFixedWarmUpRunsQuietlyAsBefore() {
        CliRun run = bench("--warmup", "200ms", "--ops", "100");
        assertEquals(List.of(), errLines(run), run::toString);
    }

    @Test
    void aWarmUpThatIsNeitherAutoNorADurationIsRefusedNamingTheOption() {
        CliRun run = CliRun.of("bench", "--node", node.address(), "--warmup", "soon");
        assertEquals(2, run.status(), run::toString);
        assertEquals("Invalid value for option '--warmup': 'soon' is neither auto nor a duration (e.g. 500ms, 30s, 5m)",
                run.err().lines().findFirst().orElseThrow(), run::toString);
    }

    @Test
    void theRateSettlesOnlyWhenTheLastSecondsAgreeWithinTenPercent() {
        RateWindow window = new RateWindow(3, 0.10);
        window.add(1000);
        window.add(1050);
        assertFalse(window.settled(), "two seconds are not enough");
        window.add(1090);
        assertTrue(window.settled());
        window.add(1200); // 1200 / 1050 is more than 10% apart
        assertFalse(window.settled());
        window.add(0);
        window.add(0);
        window.add(0);
        assertFalse(window.settled(), "a stall is not a settled rate");
    }

    private static double number(String field, String json) {
        Matcher m = Pattern.compile("\"" + field + "\":([\\d.]+)").matcher(json);
        assertTrue(m.find(), () -> field + " not in " + json);
        return Double.parseDouble(m.group(1));
    }
}
