package io.vkv.node.version;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generates cluster histories: 2–5 replicas, 2–4 of them coordinating nodes, and up to 60 steps of
 * client reads, writes, trims and erasures, replication between replicas and crash-restarts. States are only ever
 * built by these steps, so every generated state keeps "one dot = one write".
 * Use as {@code @ForAll(supplier = Scenarios.class) Scenario s}.
 */
public final class Scenarios implements ArbitrarySupplier<Scenario> {

    private static final int MAX_STEPS = 60;
    private static final int MAX_NODES = 4;

    @Override
    public Arbitrary<Scenario> get() {
        return Arbitraries.integers().between(2, 5).flatMap(replicas -> Combinators.combine(
                        Arbitraries.integers().between(2, Math.min(MAX_NODES, replicas)),
                        Arbitraries.longs().list().ofSize(MAX_NODES),
                        operations().list().ofMaxSize(MAX_STEPS).withSizeDistribution(RandomDistribution.uniform()).withoutEdgeCases())
                .as((coordinators, incarnations, ops) -> new Scenario(replicas, coordinators, incarnations, ops)));
    }

    private static Arbitrary<Operation> operations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
        Arbitrary<Operation> put = Combinators.combine(index, Arbitraries.integers().between(0, 6), Arbitraries.of(false, false, false, true))
                .as(Operation.Put::new);
        Arbitrary<Operation> read = index.map(Operation.Read::new);
        Arbitrary<Operation> replicate = Combinators.combine(index, index).as(Operation.Replicate::new);
        Arbitrary<Operation> restart = Combinators.combine(index, Arbitraries.integers().between(0, 3), Arbitraries.longs())
                .as(Operation.Restart::new);
        Arbitrary<Operation> trim = index.map(Operation.Trim::new);
        Arbitrary<Operation> erase = Combinators.combine(index, Arbitraries.integers().between(0, 6)).as(Operation.Erase::new);
        return Arbitraries.frequencyOf(
                Tuple.of(5, put),
                Tuple.of(1, trim),
                Tuple.of(1, erase),
                Tuple.of(2, read),
                Tuple.of(5, replicate),
                Tuple.of(1, restart));
    }
}
