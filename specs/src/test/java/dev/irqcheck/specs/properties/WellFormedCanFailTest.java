package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.mutants.Mutant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each clause of {@code well-formed} can fail: one deliberately broken model per clause, each a
 * bundled scenario whose one rule does an extra wrong write, violates the property, and the
 * unbroken model holds it. The clauses: the host disable depth is at most 1, it matches VFIO's
 * masked flag, PCI 2.3 masks exactly with DisINTx, an edge line is never masked, an SPI is in at
 * most one list register, an SPI in a list register is on that vCPU's ap_list, and a guest
 * handling an active SPI holds it active in a list register.
 */
class WellFormedCanFailTest {
    static final String ENTER = "kvm_vgic_flush_hwstate + enter guest";

    static Stream<Arguments> brokenModels() {
        InterruptSystem seed = ScenarioModels.seed();
        InterruptSystem disIntx = ScenarioModels.of("pci/intx-handlers.yaml", 0);
        InterruptSystem edge = ScenarioModels.of("routing/edge-plain-irqfd.yaml", 0);
        InterruptSystem seedTwoLrs = ScenarioModels.of("seed/platform-level-resample.yaml", 0, WellFormedCanFailTest::twoListRegisters);
        return Stream.of(
                Arguments.of("host disable depth above 1", new Mutant(seed, "vfio_automasked_irq_handler",
                        (f, s, n) -> f.host.hostDepth[0].set(n, 2))),
                Arguments.of("depth 1 without VFIO's masked flag", new Mutant(seed, "vfio_automasked_irq_handler",
                        (f, s, n) -> f.host.hostMasked[0].set(n, false))),
                Arguments.of("PCI 2.3 masked without DisINTx", new Mutant(disIntx, "vfio_intx_handler",
                        (f, s, n) -> f.device.disIntx[0].set(n, false))),
                Arguments.of("an edge line masked", new Mutant(edge, "vfio_irq_handler",
                        (f, s, n) -> f.host.hostMasked[0].set(n, true))),
                Arguments.of("an SPI in two list registers", new Mutant(seedTwoLrs, ENTER, (f, s, n) -> {
                    if (f.vcpu.lrUsed[0][0].get(n)) {
                        f.vcpu.lrUsed[0][1].set(n, true);
                        f.vcpu.lrSpi[0][1].set(n, f.vcpu.lrSpi[0][0].get(n));
                        f.vcpu.lrState[0][1].set(n, f.vcpu.lrState[0][0].get(n));
                    }
                })),
                Arguments.of("an SPI in a list register off the ap_list", new Mutant(seed, ENTER, (f, s, n) -> {
                    if (f.vcpu.lrUsed[0][0].get(n)) {
                        f.distributor.apListOwner[f.vcpu.lrSpi[0][0].get(n)].set(n, -1);
                    }
                })),
                Arguments.of("a handled active SPI not active in its list register", new Mutant(seed, ENTER, (f, s, n) -> {
                    if (f.vcpu.lrState[0][0].is(n, LrState.ACTIVE)) {
                        f.vcpu.lrState[0][0].set(n, LrState.PENDING);
                    }
                })));
    }

    static Topology twoListRegisters(Topology t) {
        return new Topology(t.vcpus(), 2, t.devices(), t.irqfds(), t.routes(), t.spis(), t.bounds(), t.irqLines(), t.reroutes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenModels")
    void eachClauseFailsOnAModelThatBreaksIt(String clause, Mutant broken) {
        assertEquals(Verdict.Kind.HOLDS, wellFormed(broken.base(), broken.base()), "the unbroken model is well-formed");
        assertEquals(Verdict.Kind.VIOLATED, wellFormed(broken, broken.base()), clause);
    }

    static Verdict.Kind wellFormed(dev.irqcheck.checker.api.TransitionSystem system, InterruptSystem observed) {
        Claim claim = PropertyId.WELL_FORMED.claim(observed);
        return new Explorer(SearchConfig.defaults().withThreads(1)).check(system, List.of(claim)).verdictOf(claim.name()).kind();
    }
}
