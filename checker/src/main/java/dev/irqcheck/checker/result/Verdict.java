package dev.irqcheck.checker.result;

import dev.irqcheck.checker.trace.Trace;

/** The outcome of one claim. Java 17 has no pattern switch, so callers ask {@link #kind()}. */
public sealed interface Verdict
        permits Verdict.Holds, Verdict.Violated, Verdict.Witnessed, Verdict.NotWitnessed, Verdict.Inconclusive {

    enum Kind { HOLDS, VIOLATED, WITNESSED, NOT_WITNESSED, INCONCLUSIVE }

    Kind kind();

    /** True when the claim is known to fail: a violation, or a reachability goal never reached. */
    default boolean isFailure() {
        return kind() == Kind.VIOLATED || kind() == Kind.NOT_WITNESSED;
    }

    /** The counterexample or witness, when there is one. */
    default java.util.Optional<Trace> trace() {
        return java.util.Optional.empty();
    }

    /** An invariant, quiescence or liveness claim that held over the whole reachable graph. */
    record Holds() implements Verdict {
        @Override public Kind kind() { return Kind.HOLDS; }
    }

    /** The claim fails; the trace is a shortest path to a bad state, or a lasso for liveness. */
    record Violated(Trace counterexample) implements Verdict {
        @Override public Kind kind() { return Kind.VIOLATED; }
        @Override public java.util.Optional<Trace> trace() { return java.util.Optional.of(counterexample); }
    }

    /** A reachability goal was reached; the trace is a shortest path to it. */
    record Witnessed(Trace witness) implements Verdict {
        @Override public Kind kind() { return Kind.WITNESSED; }
        @Override public java.util.Optional<Trace> trace() { return java.util.Optional.of(witness); }
    }

    /** A reachability goal was not reached anywhere in the full reachable graph. */
    record NotWitnessed() implements Verdict {
        @Override public Kind kind() { return Kind.NOT_WITNESSED; }
    }

    /** The search stopped at a limit before the claim was decided. */
    record Inconclusive(Limit limit) implements Verdict {
        @Override public Kind kind() { return Kind.INCONCLUSIVE; }
    }
}
