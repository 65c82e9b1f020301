package dev.irqcheck.checker.api;

/**
 * A model-supplied canonical form for states that differ only by a permutation of
 * interchangeable components (e.g. identical devices).
 *
 * <p>Contract: {@code canonicalize} maps every state of a symmetry class to the same
 * representative, in place; the transition relation and every safety claim checked with it must
 * be invariant under those permutations. The engine then stores only representatives.
 */
@FunctionalInterface
public interface Symmetry {
    void canonicalize(long[] state);
}
