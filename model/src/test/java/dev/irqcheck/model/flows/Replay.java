package dev.irqcheck.model.flows;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import java.util.ArrayList;
import java.util.List;

/** Drives a model through an exact sequence of named rules, failing at the first one that is not enabled. */
final class Replay {
    private final TransitionSystem system;
    long[] state;

    Replay(TransitionSystem system) {
        this.system = system;
        this.state = system.initialStates().get(0).words();
    }

    /** Takes the enabled rule whose name starts with {@code prefix} (exactly one must match). */
    Replay step(String prefix) {
        List<Rule> matches = new ArrayList<>();
        for (Rule r : system.rules()) {
            if (r.name().startsWith(prefix)) {
                matches.add(r);
            }
        }
        if (matches.isEmpty()) {
            fail("no rule named " + prefix + "...; rules: " + system.rules().stream().map(Rule::name).toList());
        }
        List<Rule> enabled = matches.stream().filter(r -> r.enabled(state)).toList();
        if (enabled.size() != 1) {
            fail("expected exactly one enabled rule named " + prefix + "..., found " + enabled.stream().map(Rule::name).toList()
                    + "; enabled now: " + enabledNames());
        }
        long[] next = state.clone();
        enabled.get(0).apply(state, next);
        state = next;
        return this;
    }

    List<String> enabledNames() {
        return system.rules().stream().filter(r -> r.enabled(state)).map(Rule::name).toList();
    }

    void assertQuiescent() {
        assertTrue(enabledNames().isEmpty(), "still enabled: " + enabledNames());
    }
}
