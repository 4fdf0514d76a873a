package io.vkv.sim.check;

import io.vkv.sim.history.HistoryFile;
import io.vkv.sim.history.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs every check over a history and the final state read from the quiet cluster. */
public final class Checker {

    private Checker() {
    }

    /** Superseded versions the simulated nodes keep per key: they run with the default history.max-versions (CheckerTest holds the two equal). */
    public static final int HISTORY_BOUND = 10;

    /** The verdicts, in a fixed order: convergence, no lost write, no false sibling, sibling origin, unique dots, history. */
    public static List<Verdict> check(List<Op> history, ClusterState state) {
        WriteIndex writes = new WriteIndex(history);
        return List.of(ConvergenceCheck.check(state), LostWriteCheck.check(writes, state), FalseSiblingCheck.check(writes, state),
                SiblingOriginCheck.check(writes, state), UniqueDotCheck.check(writes), HistoryCheck.check(writes, state, HISTORY_BOUND));
    }

    /** Checks the history file and state file of a run. */
    public static List<Verdict> check(Path historyFile, Path stateFile) throws IOException {
        return check(HistoryFile.read(historyFile), ClusterState.read(stateFile));
    }

    /** True when every verdict passed. */
    public static boolean passed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }
}
