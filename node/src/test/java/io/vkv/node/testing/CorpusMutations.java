package io.vkv.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The short, every-build form of the coverage-guided fuzz targets: inputs from a target's kept corpus, damaged by
 * {@link Mutations} at random (a new seed each build), plus plain random bytes. {@code fuzz/run} does the long form.
 */
public final class CorpusMutations {

    private CorpusMutations() {
    }

    /** Inputs for {@code method} of {@code fuzzTest}, from its corpus under {@code <Class>Inputs/<method>/} in the test resources. */
    public static Arbitrary<byte[]> of(Class<?> fuzzTest, String method) {
        List<byte[]> seeds = seeds(fuzzTest, method);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        if (seeds.isEmpty()) {
            return random;
        }
        Arbitrary<byte[]> damaged = Combinators.combine(Arbitraries.of(seeds), Mutations.edits()).as(Mutations::apply);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, damaged), net.jqwik.api.Tuple.of(1, random));
    }

    private static List<byte[]> seeds(Class<?> fuzzTest, String method) {
        URL dir = fuzzTest.getResource(fuzzTest.getSimpleName() + "Inputs/" + method);
        if (dir == null) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.sorted().toList()) {
                out.add(Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
