package io.vkv.sim.report;

import io.vkv.sim.fault.Action;
import io.vkv.sim.fault.FaultEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span of time during which a condition held on a target (e.g. {@code link cut} on n2), from the fault's start to
 * the repair's end; a fault no repair closes (a wiped disk) is a moment, with {@code end == start}.
 */
public record FaultPeriod(String condition, String target, long startMillis, long endMillis) {

    /** Pairs the faults of {@code events} with their repairs; a fault still open at the end lasts until {@code endMillis}. */
    public static List<FaultPeriod> of(List<FaultEvent> events, long endMillis) {
        List<FaultPeriod> out = new ArrayList<>();
        Map<String, FaultEvent> open = new LinkedHashMap<>();
        for (FaultEvent e : events) {
            String key = e.action().condition() + "|" + e.target();
            if (e.action().fault() && !repairable(e.action())) {
                out.add(new FaultPeriod(e.action().condition(), e.target(), e.startMillis(), e.startMillis()));
            } else if (e.action().fault()) {
                open.putIfAbsent(key, e);
            } else {
                FaultEvent f = open.remove(key);
                if (f != null) {
                    out.add(new FaultPeriod(f.action().condition(), f.target(), f.startMillis(), e.endMillis()));
                }
            }
        }
        open.values().forEach(f -> out.add(new FaultPeriod(f.action().condition(), f.target(), f.startMillis(), endMillis)));
        out.sort(Comparator.comparingLong(FaultPeriod::startMillis));
        return out;
    }

    /** True when some repair closes the condition {@code fault} opens. */
    static boolean repairable(Action fault) {
        return Arrays.stream(Action.values()).anyMatch(a -> !a.fault() && a.condition().equals(fault.condition()));
    }

    public boolean instant() {
        return endMillis == startMillis;
    }

    /** {@code link cut n2}. */
    public String label() {
        return condition + " " + target;
    }
}
