package dev.irqcheck.specs.cli;

import dev.irqcheck.checker.search.SearchListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress display on a terminal, rewritten in place; silent when output is not a terminal. */
final class ProgressLine implements SearchListener {
    private final PrintStream err;
    private volatile boolean shown;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    static SearchListener forTerminal(PrintStream err) {
        return System.console() != null ? new ProgressLine(err) : SearchListener.SILENT;
    }

    @Override
    public void onProgress(Progress p) {
        shown = true;
        err.print(String.format(Locale.ROOT, "\r  %,d states, %,d queued, depth %d, %,.0f states/s   ",
                p.distinctStates(), p.queued(), p.depth(), p.statesPerSecond()));
        err.flush();
    }

    void clear() {
        if (shown) {
            err.print("\r" + " ".repeat(78) + "\r");
            err.flush();
            shown = false;
        }
    }
}
