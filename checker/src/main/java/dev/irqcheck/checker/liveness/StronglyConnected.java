package dev.irqcheck.checker.liveness;

import java.util.Arrays;
import java.util.BitSet;

/** Tarjan's strongly connected components, iterative so that deep graphs cannot overflow the stack. */
final class StronglyConnected {
    private StronglyConnected() {
    }

    /** Components of the whole graph: a component id per state. */
    static int[] components(BehaviourGraph graph) {
        int n = graph.stateCount();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        BitSet all = new BitSet(n);
        all.set(0, n);
        return components(graph, all, order, n);
    }

    /**
     * Components of the subgraph induced by {@code scope}, started from roots in {@code order};
     * states outside the scope get -1.
     */
    static int[] components(BehaviourGraph graph, BitSet scope, int[] order, int count) {
        int n = graph.stateCount();
        int[] component = new int[n];
        Arrays.fill(component, -1);
        int[] index = new int[n];
        int[] low = new int[n];
        Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] callState = new int[n];
        int[] callEdge = new int[n];
        int counter = 0;
        int components = 0;
        for (int i = 0; i < count; i++) {
            int root = order[i];
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callState[0] = root;
            callEdge[0] = graph.offsets()[root];
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callState[depth];
                if (callEdge[depth] < graph.offsets()[v + 1]) {
                    int w = graph.targets()[callEdge[depth]++];
                    if (!scope.get(w)) {
                        continue;
                    }
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callState[depth] = w;
                        callEdge[depth] = graph.offsets()[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                } else {
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            component[w] = components;
                        } while (w != v);
                        components++;
                    }
                    depth--;
                    if (depth >= 0) {
                        int u = callState[depth];
                        low[u] = Math.min(low[u], low[v]);
                    }
                }
            }
        }
        return component;
    }
}
