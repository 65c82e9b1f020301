package dev.irqcheck.checker.api;

import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.List;
import java.util.Optional;

/**
 * What the engine explores: a layout, initial states and a fixed list of guarded rules.
 *
 * <p>The successors of a state are the results of its enabled rules, in the order of
 * {@link #rules()}; that order, and the order of {@link #initialStates()}, must be deterministic,
 * because traces are stored as rule ordinals and replayed. Implementations must be immutable and
 * thread-safe: the engine calls rules from several threads at once.
 */
public interface TransitionSystem {

    StateLayout layout();

    List<State> initialStates();

    List<Rule> rules();

    /** A canonical form for interchangeable components, if the model has one. */
    default Optional<Symmetry> symmetry() {
        return Optional.empty();
    }
}
