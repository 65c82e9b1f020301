package dev.irqcheck.checker.search;

import java.time.Duration;

/** Hears about a running search; the engine itself never prints. Called from a timer thread. */
public interface SearchListener {

    /** A snapshot: states stored so far, states waiting in the current level, BFS depth, rate. */
    record Progress(long distinctStates, long queued, int depth, Duration elapsed) {
        public double statesPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : distinctStates / s;
        }
    }

    void onProgress(Progress progress);

    SearchListener SILENT = p -> { };
}
