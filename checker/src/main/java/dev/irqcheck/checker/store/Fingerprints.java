package dev.irqcheck.checker.store;

/**
 * The 64-bit fingerprint of a packed state.
 *
 * <p>A one-word state goes through the murmur3 64-bit finalizer once (a bijection); a longer one
 * xors each further word, scaled by an odd constant, into the running hash and finalizes again,
 * so every input bit affects every output bit. Zero is reserved as the empty-slot marker of {@link FingerprintSet} and is
 * mapped to a fixed non-zero value (so, for one-word states, the state whose hash is zero and
 * the one whose hash is that value share a fingerprint).
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static long of(long[] words) {
        return of(words, 0, words.length);
    }

    public static long of(long[] words, int offset, int length) {
        if (length == 1) {
            // One mix is enough to spread every bit, and it is a bijection: one-word states
            // (most models) never collide, except for the one whose mix is 0 (remapped below).
            long h = mix(words[offset] ^ 0x632BE59BD9B4E019L);
            return h == 0 ? 0x5851F42D4C957F2DL : h;
        }
        // One mix per word: the running hash is a bijection of each word given the others (the
        // word is scaled by an odd constant, which is invertible, before it is xored in), and each
        // mix spreads it over all 64 bits. Two mixes per word cost a tenth of the handshake's
        // search at N=6 (two-word states) for no better spread.
        long h = mix(words[offset] ^ (0x9E3779B97F4A7C15L ^ length));
        for (int i = 1; i < length; i++) {
            h = mix(h ^ (words[offset + i] * (0x632BE59BD9B4E019L + 2L * i)));
        }
        return h == 0 ? 0x5851F42D4C957F2DL : h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /**
     * Probability that some pair among {@code n} distinct states shares a fingerprint, so that
     * one is wrongly taken as seen: about n(n-1)/2 / 2^64 (the birthday bound).
     */
    public static double collisionOdds(long n) {
        double pairs = (double) n * (n - 1) / 2.0;
        return Math.min(1.0, pairs / 18446744073709551616.0);
    }
}
