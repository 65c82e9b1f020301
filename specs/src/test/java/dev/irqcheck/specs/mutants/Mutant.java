package dev.irqcheck.specs.mutants;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.system.InterruptSystem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately broken copy of an {@link InterruptSystem}, for showing that a suite can fail:
 * every rule whose name starts with a given prefix does an extra, wrong effect after its own. The
 * observables (well-formedness, needs-service, ...) are the base model's, so the property
 * catalogue's claims apply unchanged through {@link #translate}.
 */
public final class Mutant implements TransitionSystem {
    /** The wrong effect: reads the fields of the base model, writes {@code next}. */
    @FunctionalInterface
    public interface Breakage {
        void apply(InterruptLayout f, long[] before, long[] next);
    }

    private final InterruptSystem base;
    private final List<Rule> rules;
    private final Map<Rule, Rule> replacements = new IdentityHashMap<>();

    public Mutant(InterruptSystem base, String rulePrefix, Breakage breakage) {
        this.base = base;
        List<Rule> out = new ArrayList<>();
        for (Rule r : base.rules()) {
            if (r.name().startsWith(rulePrefix)) {
                Rule broken = Rule.of(r.name(), r::enabled, (s, next) -> {
                    r.apply(s, next);
                    breakage.apply(base.fields(), s, next);
                });
                replacements.put(r, broken);
                out.add(broken);
            } else {
                out.add(r);
            }
        }
        if (replacements.isEmpty()) {
            throw new IllegalArgumentException("no rule starts with '" + rulePrefix + "'");
        }
        this.rules = List.copyOf(out);
    }

    public InterruptSystem base() {
        return base;
    }

    /** The same claim with its fairness and accepting rules mapped to this model's rules. */
    public Claim translate(Claim claim) {
        if (claim instanceof Claim.Eventually e) {
            return new Claim.Eventually(e.name(), e.goal(), map(e.fairness()));
        }
        if (claim instanceof Claim.LeadsTo l) {
            return new Claim.LeadsTo(l.name(), l.trigger(), l.response(), map(l.fairness()));
        }
        if (claim instanceof Claim.Finitely f) {
            return new Claim.Finitely(f.name(), map(f.rules()), map(f.fairness()));
        }
        return claim;
    }

    private WeakFairness map(WeakFairness fairness) {
        return WeakFairness.of(map(fairness.rules()));
    }

    private List<Rule> map(List<Rule> list) {
        return list.stream().map(r -> replacements.getOrDefault(r, r)).toList();
    }

    @Override public StateLayout layout() { return base.layout(); }
    @Override public List<State> initialStates() { return base.initialStates(); }
    @Override public List<Rule> rules() { return rules; }
}
