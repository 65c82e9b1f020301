package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
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
 * Long random runs on configurations too large to exhaust (3 devices, 2 vCPUs, 5 raises each):
 * a jqwik ActionChain fires enabled rules one at a time and checks the invariants after every
 * step. jqwik shrinks a failing chain to the fewest steps that still break an invariant. Tries as
 * for {@link RoutingConfigurationProperties}.
 */
class LongRunProperties {

    /** The model and its current state, mutated by the chain. */
    static final class Run {
        final InterruptSystem model;
        long[] state;

        Run(Topology t) {
            this.model = new InterruptSystem(t, Variants.kernel());
            this.state = model.initialStates().get(0).words();
        }

        List<Rule> enabled() {
            return model.rules().stream().filter(r -> r.enabled(state)).toList();
        }

        void fire(Rule rule) {
            long[] next = state.clone();
            rule.apply(state, next);
            state = next;
        }

        void checkInvariants() {
            assertTrue(model.wellFormed(state), "well-formed");
            assertFalse(model.anyStaleAck(state) && rulesAreSafe(), "no stale acknowledge in a configuration the rule calls safe");
        }

        boolean rulesAreSafe() {
            return dev.irqcheck.specs.sweep.SafeRule.predictsSafe(model.topology(), model.variants());
        }

        @Override
        public String toString() {
            return model.topology().toString();
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

    @Provide
    Arbitrary<ActionChain<Run>> runs() {
        return Configurations.topologies(3, 2, 5).flatMap(t ->
                ActionChain.startWith(() -> new Run(t)).withAction(new FireAnEnabledRule()).withMaxTransformations(400));
    }

    @Property
    void longRandomRunsKeepTheInvariants(@ForAll("runs") ActionChain<Run> chain) {
        chain.withInvariant(Run::checkInvariants).run();
    }
}
