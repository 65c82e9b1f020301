package dev.irqcheck.model.properties;

import net.jqwik.api.statistics.Statistics;

/**
 * Counts the samples a state-limited search decided, so that a property cannot pass by cutting
 * off its searches: the fraction is jqwik statistics (printed with the property's report), and
 * {@link #requireAtLeast} fails the property when too few samples were decided.
 */
public final class Decided {
    public static final String DECIDED = "decided";
    public static final String CUT_OFF = "cut off by the state limit, nothing found";

    private Decided() {
    }

    /** Records one sample; returns {@code decided}. */
    public static boolean record(boolean decided) {
        Statistics.label("search").collect(decided ? DECIDED : CUT_OFF);
        return decided;
    }

    /** Fails the property (after its last try) unless at least {@code percent}% of its samples were decided. */
    public static void requireAtLeast(double percent) {
        Statistics.label("search").coverage(c -> c.check(DECIDED).percentage(p -> p >= percent));
    }
}
