package io.vkv.node.testing;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level damage for decoder properties: a valid encoding with a few bytes flipped, inserted or deleted,
 * or cut short, which reaches much deeper into a parser than random bytes do.
 */
public final class Mutations {

    private Mutations() {
    }

    /** One edit at a relative position (0..1 of the length) with a byte to write or insert. */
    public record Edit(int kind, double at, byte value) {

        byte[] applyTo(byte[] in) {
            if (in.length == 0) {
                return new byte[] {value};
            }
            int i = Math.min(in.length - 1, (int) (at * in.length));
            return switch (kind) {
                case 0 -> { // overwrite one byte
                    byte[] out = in.clone();
                    out[i] = value;
                    yield out;
                }
                case 1 -> { // insert one byte
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, i);
                    out[i] = value;
                    System.arraycopy(in, i, out, i + 1, in.length - i);
                    yield out;
                }
                case 2 -> { // delete one byte
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, i);
                    System.arraycopy(in, i + 1, out, i, in.length - i - 1);
                    yield out;
                }
                default -> Arrays.copyOf(in, i); // cut short
            };
        }
    }

    /** One to four edits. */
    public static Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
                Arbitraries.bytes()).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    /** {@code valid} with {@code edits} applied in order. */
    public static byte[] apply(byte[] valid, List<Edit> edits) {
        byte[] out = valid;
        for (Edit e : edits) {
            out = e.applyTo(out);
        }
        return out;
    }
}
