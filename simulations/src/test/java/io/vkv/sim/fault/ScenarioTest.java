package io.vkv.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fault schedules: reproducible from the seed, about as long as asked, and ending with every fault repaired. */
class ScenarioTest {

    private static final List<String> NODES = List.of("n1", "n2", "n3");

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother(Scenario s) {
        assertEquals(s.plan(7, 30_000, NODES), s.plan(7, 30_000, NODES));
        assertNotEquals(s.plan(7, 30_000, NODES), s.plan(8, 30_000, NODES));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void aScheduleLastsAboutTheDurationAndLeavesNothingBroken(Scenario s) {
        for (long seed = 1; seed <= 20; seed++) {
            List<FaultStep> plan = s.plan(seed, 20_000, NODES);
            long total = plan.stream().mapToLong(FaultStep::afterMillis).sum();
            assertTrue(total >= 20_000 && total < 30_000, s + " seed " + seed + " lasts " + total + " ms");
            Map<String, Integer> open = new HashMap<>();
            Set<String> nodes = new HashSet<>(NODES);
            for (FaultStep step : plan) {
                if (step.action() == Action.JOIN_NODE) {
                    assertTrue(nodes.add(step.target()), "a joiner is a new node: " + plan);
                }
                if (step.action() == Action.SETTLED) {
                    assertEquals("ring", step.target());
                    continue;
                }
                assertTrue(step.action().onBroker() ? step.target().equals("broker") : nodes.contains(step.target()), plan.toString());
                if (step.action() == Action.LEFT) {
                    nodes.remove(step.target());
                }
                String condition = step.action().condition() + " " + step.target();
                if (step.action() == Action.WIPE_BROKER || step.action() == Action.WIPE_NODE) {
                    assertEquals(1, open.getOrDefault((step.action().onBroker() ? "broker down " : "node down ") + step.target(), 0),
                            "data is wiped only while its process is down: " + plan);
                    continue;
                }
                open.merge(condition, step.action().fault() ? 1 : -1, Integer::sum);
                int n = open.get(condition);
                assertTrue(n == 0 || n == 1, "faults and repairs alternate per target: " + plan);
            }
            assertTrue(open.values().stream().allMatch(n -> n == 0), s + " seed " + seed + " leaves " + open + " open: " + plan);
            assertTrue(nodes.size() >= 2, s + " keeps at least two nodes: " + plan);
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyScenarioIsNamedOnTheCommandLine(Scenario s) {
        assertEquals(s, Scenario.byId(s.id()).orElseThrow());
    }
}
