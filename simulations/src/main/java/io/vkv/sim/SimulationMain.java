package io.vkv.sim;

import io.vkv.cli.cluster.BrokerChoice;
import io.vkv.sim.check.Checker;
import io.vkv.sim.check.Verdict;
import io.vkv.sim.fault.Scenario;
import io.vkv.sim.report.RunRecord;
import io.vkv.sim.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@code simulations/run SCENARIO|all [--seed N] [--duration S] [...]}: runs scenarios and exits 0 only when the
 * checker passes every one; {@code simulations/run check DIR} checks a run's files again. Exit 1: a check failed;
 * 2: bad usage; 3: the run itself broke (a process would not start, ...).
 */
public final class SimulationMain {

    static final String USAGE = """
            usage: simulations/run SCENARIO|all [--seed N] [--duration SECONDS] [--reports DIR]
                                   [--broker embedded|mosquitto] [--clients N] [--keys N] [--nodes N]
                   simulations/run check REPORT_DIR
            scenarios: %s
            defaults: a random seed (printed), 30 s of faults, reports under simulations/reports,
                      the embedded broker, 6 clients on 8 keys, 3 nodes (N=3: above 3, a partitioned ring)""".formatted(
            Arrays.stream(Scenario.values()).map(Scenario::id).collect(Collectors.joining(", ")));

    private SimulationMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            if (args.length == 2 && args[0].equals("check")) {
                return check(Path.of(args[1]));
            }
            List<Simulation.Options> runs = parse(args);
            List<RunRecord> records = new ArrayList<>();
            List<String> broken = new ArrayList<>();
            for (Simulation.Options o : runs) {
                try {
                    records.add(Simulation.run(o));
                } catch (IOException | RuntimeException e) {
                    // One scenario that cannot run (a process that will not start) must not hide the others' verdicts.
                    broken.add(o.scenario().id() + ": " + e);
                    System.err.println("simulations/run: " + o.scenario().id() + " broke: " + e);
                }
            }
            System.out.println();
            System.out.printf("%-18s %-6s %-5s %14s  %s%n", "scenario", "seed", "", "convergence", "report");
            for (RunRecord r : records) {
                System.out.printf("%-18s %-6d %-5s %14s  %s%n", r.scenario().id(), r.seed(), r.passed() ? "PASS" : "FAIL",
                        r.converged() < 0 ? "not reached" : r.convergenceMillis() + " ms", r.reportDir().resolve("report.md"));
                r.verdicts().stream().filter(v -> !v.passed()).forEach(v -> System.out.println("    " + v.headline()));
            }
            broken.forEach(b -> System.out.println("BROKE " + b));
            return !broken.isEmpty() ? 3 : records.stream().allMatch(RunRecord::passed) ? 0 : 1;
        } catch (UsageException e) {
            System.err.println("simulations/run: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        } catch (Exception e) {
            System.err.println("simulations/run: the run broke: " + e);
            e.printStackTrace();
            return 3;
        }
    }

    private static int check(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a report directory");
        }
        List<Verdict> verdicts = Checker.check(dir.resolve("history.tsv"), dir.resolve("final-state.tsv"));
        for (Verdict v : verdicts) {
            System.out.println(v.headline());
            v.violations().forEach(x -> System.out.println("  - " + x));
        }
        return Checker.passed(verdicts) ? 0 : 1;
    }

    /** A command line that asks for nothing this program does. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The runs the arguments ask for; a bad argument is a {@link UsageException} saying which. */
    static List<Simulation.Options> parse(String[] args) {
        if (args.length == 0) {
            throw new UsageException("which scenario?");
        }
        String which = args[0];
        List<Scenario> scenarios = which.equals("all") ? List.of(Scenario.values())
                : List.of(Scenario.byId(which).orElseThrow(() -> new UsageException("no scenario '" + which + "'")));
        long seed = ThreadLocalRandom.current().nextInt(1, 100_000);
        long duration = 30;
        Path reports = Path.of(System.getProperty("vkv.sim.reports", "simulations/reports"));
        BrokerChoice broker = BrokerChoice.EMBEDDED;
        int clients = Workload.Settings.DEFAULT.clients();
        int keys = Workload.Settings.DEFAULT.keys();
        int nodes = 3;
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--seed" -> seed = number(flag, value, Long.MIN_VALUE);
                case "--duration" -> duration = number(flag, value, 1);
                case "--reports" -> reports = Path.of(value);
                case "--broker" -> {
                    try {
                        broker = BrokerChoice.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                    if (!broker.launched()) {
                        throw new UsageException("--broker must be embedded or mosquitto: the simulation kills and restarts it");
                    }
                }
                case "--clients" -> clients = (int) number(flag, value, 1);
                case "--keys" -> keys = (int) number(flag, value, 1);
                case "--nodes" -> {
                    nodes = (int) number(flag, value, 1);
                    if (nodes > 9) {
                        throw new UsageException("--nodes must be 1..9 (each a JVM on this machine), got " + value);
                    }
                }
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        Workload.Settings settings = new Workload.Settings(clients, keys, Workload.Settings.DEFAULT.deadline(),
                Workload.Settings.DEFAULT.minThinkMillis(), Workload.Settings.DEFAULT.maxThinkMillis());
        List<Simulation.Options> out = new ArrayList<>();
        for (Scenario s : scenarios) {
            Simulation.Options base = Simulation.Options.of(s, seed, Duration.ofSeconds(duration), reports);
            out.add(new Simulation.Options(s, seed, base.faults(), reports, broker, settings, base.warmup(), base.convergenceBound(), nodes));
        }
        return out;
    }

    private static long number(String flag, String value, long min) {
        try {
            long n = Long.parseLong(value);
            if (n < min) {
                throw new UsageException(flag + " must be at least " + min + ", got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes a whole number, got '" + value + "'");
        }
    }
}
