package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.properties.RandomTopologies.Reach;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.specs.sweep.SafeRule;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Long random runs on configurations too large to exhaust (3 devices, 2 vCPUs, up to 5 raises
 * each): a jqwik ActionChain fires enabled rules one at a time and checks the invariants after
 * every step. Half the runs are routing configurations of Linux as it is, where a stale
 * acknowledge in a configuration the safe rule calls safe is also a failure; half reach the whole
 * model with any variant, where the model's own invariants must hold. jqwik shrinks a failing
 * chain to the fewest steps that still break an invariant. Tries as for
 * {@link RoutingConfigurationProperties}.
 */
class LongRunProperties {

    /** The model (possibly a broken copy, for the can-fail test) and its current state, mutated by the chain. */
    static final class Run {
        final TransitionSystem system;
        final InterruptSystem observed;
        final boolean safeRuleApplies;
        long[] state;

        Run(TransitionSystem system, InterruptSystem observed, boolean safeRuleApplies) {
            this.system = system;
            this.observed = observed;
            this.safeRuleApplies = safeRuleApplies && SafeRule.predictsSafe(observed.topology(), observed.variants())
                    && observed.variants().kernelVersion() != dev.irqcheck.model.variant.KernelVersion.V6_19;
            this.state = system.initialStates().get(0).words();
        }

        static Run routing(RandomTopologies.Config c) {
            InterruptSystem m = new InterruptSystem(c.topology(), Variants.kernel());
            return new Run(m, m, true);
        }

        static Run wholeModel(RandomTopologies.Config c) {
            InterruptSystem m = new InterruptSystem(c.topology(), RandomTopologies.wellFormedVariants(c));
            return new Run(m, m, false);
        }

        List<Rule> enabled() {
            return system.rules().stream().filter(r -> r.enabled(state)).toList();
        }

        void fire(Rule rule) {
            long[] next = state.clone();
            rule.apply(state, next);
            state = next;
        }

        void checkInvariants() {
            assertTrue(observed.wellFormed(state), "well-formed");
            assertFalse(safeRuleApplies && observed.anyStaleAck(state), "no stale acknowledge in a configuration the rule calls safe");
        }

        @Override
        public String toString() {
            return observed.topology() + " " + observed.variants();
        }
    }

    // A quiescent state ends the chain: nothing is left to fire.
    static final class FireAnEnabledRule implements Action.Dependent<Run> {
        @Override
        public Arbitrary<Transformer<Run>> transformer(Run run) {
            List<Rule> enabled = run.enabled();
            if (enabled.isEmpty()) {
                return Arbitraries.just(Transformer.endOfChain());
            }
            return Arbitraries.of(enabled).map(rule -> Transformer.mutate(rule.name(), r -> r.fire(rule)));
        }
    }

    static Arbitrary<ActionChain<Run>> chains(Arbitrary<Run> runs) {
        return runs.flatMap(run -> ActionChain.startWith(() -> copy(run)).withAction(new FireAnEnabledRule())
                .withMaxTransformations(400));
    }

    // A chain may be run more than once (shrinking): each run starts from the initial state.
    private static Run copy(Run run) {
        return new Run(run.system, run.observed, run.safeRuleApplies);
    }

    @Provide
    Arbitrary<ActionChain<Run>> runs() {
        Arbitrary<Run> routing = RandomTopologies.configs(Reach.routing(3, 2, 5)).map(Run::routing);
        Arbitrary<Run> wholeModel = RandomTopologies.configs(Reach.wholeModel(3, 5)).map(Run::wholeModel);
        return chains(Arbitraries.oneOf(routing, wholeModel));
    }

    @Property
    void longRandomRunsKeepTheInvariants(@ForAll("runs") ActionChain<Run> chain) {
        chain.withInvariant(Run::checkInvariants).run();
    }
}
