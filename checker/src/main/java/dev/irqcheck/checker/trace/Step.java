package dev.irqcheck.checker.trace;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.State;

/** One step of a trace: the rule taken and the state it led to. */
public record Step(Rule rule, State target) {
}
