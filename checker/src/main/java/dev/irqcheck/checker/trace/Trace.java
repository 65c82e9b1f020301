package dev.irqcheck.checker.trace;

import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.state.State;
import java.util.ArrayList;
import java.util.List;

/**
 * A behaviour of the model: an initial state and the steps taken from it. A lasso (liveness
 * counterexample) also has {@code loopStart}: the index of the state where the cycle begins; the
 * last step leads back to that state. {@code loopStart} is -1 for a finite trace.
 *
 * <p>State index 0 is the initial state, index i (1-based) the target of step i-1.
 */
public record Trace(State initial, List<Step> steps, int loopStart) {
    public Trace {
        steps = List.copyOf(steps);
        if (loopStart < -1 || loopStart > steps.size()) {
            throw new IllegalArgumentException("loopStart " + loopStart + " outside 0.." + steps.size());
        }
    }

    public static Trace finite(State initial, List<Step> steps) {
        return new Trace(initial, steps, -1);
    }

    public boolean isLasso() {
        return loopStart >= 0;
    }

    /** Number of steps. */
    public int length() {
        return steps.size();
    }

    /** State i: 0 is the initial state. */
    public State state(int i) {
        return i == 0 ? initial : steps.get(i - 1).target();
    }

    public State last() {
        return state(steps.size());
    }

    /** The fields whose values differ between state i-1 and state i. */
    public List<Field> changedFields(int i) {
        State before = state(i - 1);
        State after = state(i);
        long[] b = before.words();
        long[] a = after.words();
        List<Field> changed = new ArrayList<>();
        for (Field f : initial.layout().fields()) {
            if (f.raw(b) != f.raw(a)) {
                changed.add(f);
            }
        }
        return changed;
    }

    /** A plain rendering, one step per line with the changed fields; renderers in specs do better. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("initial ").append(initial).append('\n');
        for (int i = 1; i <= steps.size(); i++) {
            if (loopStart >= 0 && i - 1 == loopStart) {
                sb.append("-- loop starts --\n");
            }
            sb.append(i).append(". ").append(steps.get(i - 1).rule().name());
            long[] b = state(i - 1).words();
            long[] a = state(i).words();
            for (Field f : changedFields(i)) {
                sb.append("\n     ").append(f.name()).append(": ")
                        .append(f.format(f.raw(b))).append(" -> ").append(f.format(f.raw(a)));
            }
            sb.append('\n');
        }
        if (loopStart >= 0) {
            sb.append("-- back to state ").append(loopStart).append(" --\n");
        }
        return sb.toString();
    }
}
