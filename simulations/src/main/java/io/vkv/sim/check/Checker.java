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

    /** The verdicts, in a fixed order: convergence, no lost write, no false sibling, sibling origin, unique dots. */
    public static List<Verdict> check(List<Op> history, ClusterState state) {
        WriteIndex writes = new WriteIndex(history);
        return List.of(ConvergenceCheck.check(state), LostWriteCheck.check(writes, state), FalseSiblingCheck.check(writes, state),
                SiblingOriginCheck.check(writes, state), UniqueDotCheck.check(writes));
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
