package dev.irqcheck.checker.api;

/**
 * A model-supplied canonical form for states that differ only by a permutation of
 * interchangeable components (e.g. identical devices).
 *
 * <p>Contract: {@code canonicalize} maps every state of a symmetry class to the same
 * representative, in place. The permutations form a group G that maps rules to rules: for each g
 * and rule r there is a rule g(r) with s -r-> t exactly when g(s) -g(r)-> g(t). Every predicate of
 * a claim checked with it (invariants, goals, triggers, responses) must be invariant under G, and
 * each liveness claim's fair rule set, and a {@link Claim.Finitely} claim's rules, must be unions
 * of rule orbits (with device 0's raise fair, device 1's is too). The engine then stores only
 * representatives; liveness claims are decided on concrete lifts of the quotient's cyclic
 * components ({@code dev.irqcheck.checker.liveness.LiftedComponents}), whose argument needs
 * exactly these conditions.
 */
@FunctionalInterface
public interface Symmetry {
    void canonicalize(long[] state);
}
