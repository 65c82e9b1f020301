package dev.irqcheck.checker.result;

import java.util.Locale;

/**
 * The Bloom filter of a bitstate search, and what its shape and fill say about omitted states.
 *
 * <p>A new state is wrongly taken for seen when its k bits are all set already; with a fraction
 * {@code fill} of the m bits set, that happens with probability about fill^k. The fill only
 * grows, so fill^k at the end bounds the odds for every state the search met: the expected
 * fraction of states omitted (not counting the states reachable only through them).
 *
 * @param bits    m, the filter's size in bits
 * @param hashes  k, bits set per state
 * @param bitsSet bits set at the end of the search
 */
public record BitstateSummary(long bits, int hashes, long bitsSet) {
    public double fill() {
        return bits == 0 ? 0 : (double) bitsSet / bits;
    }

    /** Expected fraction of states omitted (an upper bound): fill^k. */
    public double omittedFraction() {
        return Math.pow(fill(), hashes);
    }

    /** The line every report prints: never a proof. */
    public String describe() {
        return String.format(Locale.ROOT, "bitstate: not exhaustive (%d bits, %d hashes, %.2f%% full; expected fraction "
                + "of omitted states at most %.1e)", bits, hashes, 100 * fill(), omittedFraction());
    }
}
