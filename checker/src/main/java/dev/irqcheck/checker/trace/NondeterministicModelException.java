package dev.irqcheck.checker.trace;

/**
 * Replaying a recorded path did not reproduce the search: the model is not a function of its
 * packed state.
 */
public final class NondeterministicModelException extends RuntimeException {
    public NondeterministicModelException(String detail) {
        super(detail + ". Replay of a recorded path diverged from the search. Usual causes: a rule "
                + "reads something besides its state words (a mutable field, a clock, a random "
                + "source), iterates a HashMap or HashSet, or the model's rules() or "
                + "initialStates() order changed between calls; or a symmetry canonicalize() that "
                + "is not invariant under the rules.");
    }
}
