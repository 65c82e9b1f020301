package dev.irqcheck.specs.report;

import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.trace.Trace;

/**
 * A counterexample as people read it: numbered steps, each naming the rule (which names the
 * kernel or QEMU function it models), then only the fields that changed.
 */
public final class TextTraceRenderer {

    public String render(Trace trace, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= trace.length(); i++) {
            if (trace.isLasso() && i - 1 == trace.loopStart() && trace.loopStart() < trace.length()) {
                sb.append(indent).append("-- the cycle starts here and repeats forever --\n");
            }
            sb.append(indent).append(String.format("%3d. ", i)).append(trace.steps().get(i - 1).rule().name()).append('\n');
            long[] before = trace.state(i - 1).words();
            long[] after = trace.state(i).words();
            for (Field f : trace.changedFields(i)) {
                sb.append(indent).append("       ").append(f.name()).append(": ")
                        .append(f.format(f.raw(before))).append(" -> ").append(f.format(f.raw(after))).append('\n');
            }
        }
        if (trace.isLasso()) {
            if (trace.loopStart() == trace.length()) {
                sb.append(indent).append("-- no rule is enabled here: the run stops in this state --\n");
            } else {
                sb.append(indent).append("-- back to the state before step ").append(trace.loopStart() + 1).append(" --\n");
            }
        }
        return sb.toString();
    }
}
