package dev.irqcheck.checker.liveness;

/**
 * The explored graph in compressed sparse row form: for state id s, its outgoing edges are
 * {@code offsets[s] .. offsets[s+1]-1}, each with a target id and the rule ordinal that took it.
 * Every enabled rule of a state has exactly one edge, self-loops included, so "rule r is enabled
 * in s" is "s has an edge labelled r".
 */
public record BehaviourGraph(int stateCount, int[] offsets, int[] targets, short[] rules) {

    public int rule(int edge) {
        return rules[edge] & 0xFFFF;
    }

    public boolean enables(int state, int rule) {
        for (int e = offsets[state]; e < offsets[state + 1]; e++) {
            if (rule(e) == rule) {
                return true;
            }
        }
        return false;
    }

    /** The state an edge leaves from (binary search over the offsets). */
    public int sourceOf(int edge) {
        int lo = 0;
        int hi = stateCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= edge) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public boolean isTerminal(int state) {
        return offsets[state] == offsets[state + 1];
    }

    public long bytes() {
        return 4L * offsets.length + 6L * targets.length;
    }
}
