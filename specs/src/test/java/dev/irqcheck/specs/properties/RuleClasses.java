package dev.irqcheck.specs.properties;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.system.InterruptSystem;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The rule classes symmetry under liveness must keep (environment, fair, acknowledge): a symmetry
 * may only map a rule to a rule of its own class, or fairness and accepting sets would not be
 * unions of rule orbits.
 */
final class RuleClasses {
    private RuleClasses() {
    }

    /** For each rule, the rules of its class: the candidates for its image under a symmetry. */
    static BitSet[] sameClassCandidates(InterruptSystem m) {
        List<Rule> rules = m.rules();
        int n = rules.size();
        Set<Rule> env = Collections.newSetFromMap(new IdentityHashMap<>());
        env.addAll(m.environmentRules());
        Set<Rule> ack = Collections.newSetFromMap(new IdentityHashMap<>());
        ack.addAll(m.acknowledgeRules());
        BitSet[] cand = new BitSet[n];
        for (int r = 0; r < n; r++) {
            cand[r] = new BitSet(n);
            for (int r2 = 0; r2 < n; r2++) {
                if (env.contains(rules.get(r)) == env.contains(rules.get(r2))
                        && ack.contains(rules.get(r)) == ack.contains(rules.get(r2))) {
                    cand[r].set(r2);
                }
            }
        }
        return cand;
    }
}
