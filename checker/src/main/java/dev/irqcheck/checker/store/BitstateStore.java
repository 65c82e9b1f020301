package dev.irqcheck.checker.store;

import dev.irqcheck.checker.result.BitstateSummary;
import org.apache.commons.collections4.bloomfilter.EnhancedDoubleHasher;
import org.apache.commons.collections4.bloomfilter.Shape;
import org.apache.commons.collections4.bloomfilter.SimpleBloomFilter;

/**
 * A visited set that stores k bits per state in a Bloom filter of m bits (Holzmann's supertrace):
 * memory fixed in advance whatever the number of states, at the price of taking some new states
 * for seen. Built on Commons Collections' {@link SimpleBloomFilter}; a state's k bit positions come
 * from its 64-bit fingerprint and a second, independent mix of it (enhanced double hashing).
 */
public final class BitstateStore {
    /** Commons' filter indexes bits with an int. */
    public static final long MAX_BITS = Integer.MAX_VALUE;

    private final Shape shape;
    private final SimpleBloomFilter filter;

    public BitstateStore(long bits, int hashes) {
        if (bits < 64 || bits > MAX_BITS) {
            throw new IllegalArgumentException("bitstate bits must be 64.." + MAX_BITS + ", got " + bits);
        }
        if (hashes < 1 || hashes > 16) {
            throw new IllegalArgumentException("bitstate hashes must be 1..16, got " + hashes);
        }
        this.shape = Shape.fromKM(hashes, (int) bits);
        this.filter = new SimpleBloomFilter(shape);
    }

    /** Adds the state; true when it was not (as far as the filter can tell) there before. */
    public boolean add(long[] words) {
        long h = Fingerprints.of(words);
        EnhancedDoubleHasher hasher = new EnhancedDoubleHasher(h, second(h));
        if (filter.contains(hasher.indices(shape))) {
            return false;
        }
        filter.merge(hasher);
        return true;
    }

    /** Empties the filter, so another pass of the search starts with every bit clear. */
    public void clear() {
        filter.clear();
    }

    public long bytes() {
        return (shape.getNumberOfBits() + 7L) / 8;
    }

    public BitstateSummary summary() {
        return new BitstateSummary(shape.getNumberOfBits(), shape.getNumberOfHashFunctions(), filter.cardinality());
    }

    // The step of the double hashing: another finalizer over the fingerprint, odd so it never stalls.
    private static long second(long h) {
        long z = h + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) | 1;
    }
}
