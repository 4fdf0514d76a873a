package io.vkv.sim.check;

import io.vkv.sim.history.Dot;
import io.vkv.sim.history.Vv;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one node returned for one key: its siblings in dot order, the clock of the context it handed out, and the
 * versions it keeps, oldest first (null when the state was read without histories).
 */
public record KeyView(List<SiblingView> siblings, Vv context, List<VersionView> history) {

    /** A key the node has never seen. */
    public static final KeyView EMPTY = new KeyView(List.of(), Vv.EMPTY, null);

    /** A view read without the key's history. */
    public KeyView(List<SiblingView> siblings, Vv context) {
        this(siblings, context, null);
    }

    public KeyView {
        Objects.requireNonNull(context, "context");
        history = history == null ? null : List.copyOf(history);
        siblings = siblings.stream().sorted(Comparator.comparing(SiblingView::dot)).toList();
        if (siblings.stream().map(SiblingView::dot).distinct().count() != siblings.size()) {
            throw new IllegalArgumentException("two siblings with the same dot in " + siblings);
        }
    }

    /** The same view without its history: what convergence of siblings and contexts compares. */
    public KeyView live() {
        return history == null ? this : new KeyView(siblings, context, null);
    }

    /** The sibling written with {@code dot}, if the node still holds it. */
    public Optional<SiblingView> sibling(Dot dot) {
        return siblings.stream().filter(s -> s.dot().equals(dot)).findFirst();
    }

    /** {@code [c1-3 n1@a:4, (deleted) n2@b:7] ctx n1@a:4,n2@b:7}: how verdicts show a key's state. */
    public String describe() {
        return siblings.stream().map(SiblingView::describe).collect(Collectors.joining(", ", "[", "]")) + " ctx " + context;
    }
}
