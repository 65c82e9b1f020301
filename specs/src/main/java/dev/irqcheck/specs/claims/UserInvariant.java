package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.model.system.InterruptSystem;

/**
 * An invariant written by the user over the model's field names, e.g.
 * {@code host.dev0.depth <= 1}: it must hold in every reachable state.
 */
public record UserInvariant(String id, FieldExpression expression) implements ScenarioProperty {

    @Override
    public String definition() {
        return "user invariant: always " + expression.text();
    }

    @Override
    public Claim claim(InterruptSystem model) {
        return new Claim.Always(id, expression.compile(model.layout()));
    }
}
