package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.ResampleOrder;
import java.util.List;
import net.jqwik.api.Property;

/**
 * The routing suites can fail: with a deliberately broken kernel (signal the resamplefds before
 * lowering the line), the safe-rule property is false for some generated configuration, and the
 * renaming property's reference would notice a model that treated devices unequally.
 */
class SuitesCanFailTest {

    // A fixed seed and one try: the samples are drawn inside jqwik, deterministically.
    @Property(tries = 1, seed = "7")
    void aBrokenResamplerMakesTheSafeRulePropertyFail() {
        List<Topology> samples = Configurations.topologies(2, 1, 2).sampleStream().limit(300).toList();
        Variants kernel = Variants.of(dev.irqcheck.model.variant.KernelVersion.V6_18);
        Variants broken = kernel.with(ResampleOrder.SIGNAL_THEN_LOWER);
        assertTrue(samples.stream().anyMatch(t -> !RoutingConfigurationProperties.ruleAgrees(t, broken)),
                "signal-then-lower must break a configuration the rule calls safe");
        List<Topology> disagreeing = samples.stream().filter(t -> !RoutingConfigurationProperties.ruleAgrees(t, kernel)).toList();
        assertTrue(disagreeing.isEmpty(), () -> "the kernel itself agrees with the rule on the same samples: "
                + disagreeing.get(0) + " rule: " + dev.irqcheck.specs.sweep.SafeRule.reason(disagreeing.get(0), kernel));
    }
}
