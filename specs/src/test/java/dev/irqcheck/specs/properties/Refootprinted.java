package dev.irqcheck.specs.properties;

import dev.irqcheck.checker.api.FieldSet;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model with some rules' footprints replaced: how the partial-order tests declare a footprint
 * wrongly on purpose, to show that their checks fail.
 */
record Refootprinted(TransitionSystem base, List<Rule> rules) implements TransitionSystem {

    /** Every device raise declared to touch nothing: independent of every rule and invisible. */
    static Refootprinted raisesTouchNothing(TransitionSystem base) {
        return touchingNothing(base, "device: raise ");
    }

    /** Every rule whose name starts with {@code prefix} declared to touch nothing. */
    static Refootprinted touchingNothing(TransitionSystem base, String prefix) {
        List<Rule> rules = new ArrayList<>();
        Footprint nothing = Footprint.of(FieldSet.EMPTY, FieldSet.EMPTY);
        for (Rule r : base.rules()) {
            rules.add(r.name().startsWith(prefix) ? Rule.of(r.name(), nothing, r::enabled, r::apply) : r);
        }
        return new Refootprinted(base, List.copyOf(rules));
    }

    @Override public StateLayout layout() { return base.layout(); }
    @Override public List<State> initialStates() { return base.initialStates(); }
    @Override public Optional<Symmetry> symmetry() { return base.symmetry(); }
}
