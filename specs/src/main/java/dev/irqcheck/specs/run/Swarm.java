package dev.irqcheck.specs.run;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.ObservableEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A swarm of seeded simulations (Holzmann's swarm verification, on random walks): members differ
 * in seed and in walk length, so together they reach both deep states and many shallow
 * interleavings. Member {@code i} walks with seed {@code Simulator.runSeed(seed, i)} and at most
 * {@code steps >> (i % 4)} steps per walk: a function of the swarm's seed and the member's index
 * only, so any member can be re-run alone. It reports what it found and its coverage: the rules
 * fired and the catalogue's observable events seen. It finds violations; it never proves.
 */
public final class Swarm {
    /** One member: its seed and walk length. */
    public record Member(int index, long seed, int stepsPerWalk) {
    }

    /** A violation (or witness) and the member that found it first. */
    public record Found(SimulationReport.ClaimResult result, Member member) {
    }

    /**
     * @param firings per rule of the model, in its order: how often the swarm fired it
     * @param seen    the observable events some walk met
     * @param found   per claim name, the first member's finding (members in index order)
     */
    public record Result(List<Member> members, int walks, long steps, long[] firings, List<String> ruleNames,
                         Set<ObservableEvent> seen, Map<String, Found> found) {
        public long rulesFired() {
            return java.util.Arrays.stream(firings).filter(f -> f > 0).count();
        }

        public List<String> rulesNeverFired() {
            List<String> out = new ArrayList<>();
            for (int r = 0; r < firings.length; r++) {
                if (firings[r] == 0) {
                    out.add(ruleNames.get(r));
                }
            }
            return out;
        }
    }

    private Swarm() {
    }

    public static List<Member> members(int count, long seed, int steps) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Member(i, Simulator.runSeed(seed, i), Math.max(1, steps >> (i % 4))));
        }
        return out;
    }

    public static Result run(InterruptSystem model, List<Claim> claims, int count, int walksPerMember, int steps, long seed) {
        List<Rule> rules = model.rules();
        long[] firings = new long[rules.size()];
        EnumSet<ObservableEvent> seen = EnumSet.noneOf(ObservableEvent.class);
        Map<String, Found> found = new LinkedHashMap<>();
        int walks = 0;
        long total = 0;
        List<Member> members = members(count, seed, steps);
        for (Member m : members) {
            SimulationReport r = new Simulator(model).run(claims, walksPerMember, m.stepsPerWalk(), m.seed(), words -> {
                boolean quiescent = rules.stream().noneMatch(rule -> rule.enabled(words));
                for (ObservableEvent e : ObservableEvent.values()) {
                    if (!seen.contains(e) && e.inState(model, words, quiescent)) {
                        seen.add(e);
                    }
                }
            });
            walks += r.runsDone();
            total += r.steps();
            for (int i = 0; i < firings.length; i++) {
                firings[i] += r.ruleFirings()[i];
            }
            for (SimulationReport.ClaimResult c : r.results()) {
                if (c.verdict().isPresent()) {
                    found.putIfAbsent(c.claim().name(), new Found(c, m));
                }
            }
        }
        for (Rule ack : model.acknowledgeRules()) {
            if (firings[rules.indexOf(ack)] > 0) {
                seen.add(ObservableEvent.GUEST_ACKNOWLEDGE);
            }
        }
        return new Result(members, walks, total, firings, rules.stream().map(Rule::name).toList(), seen, found);
    }
}
