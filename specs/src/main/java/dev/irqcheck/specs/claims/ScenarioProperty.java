package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.model.system.InterruptSystem;

/** A property a scenario checks: one of the catalogue's, or an invariant the user wrote. */
public interface ScenarioProperty {
    /** The name scenario files and reports use. */
    String id();

    /** The exact definition, one sentence. */
    String definition();

    /** The claim that checks this property on one model. */
    Claim claim(InterruptSystem model);
}
