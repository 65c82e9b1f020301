package dev.irqcheck.checker.state;

/** Where a field's bits live: word index, shift and mask (already shifted). */
record Slot(int word, int shift, long mask) {
    long read(long[] words) {
        return read(words, word, shift, mask);
    }

    void write(long[] words, long raw) {
        write(words, word, shift, mask, raw);
    }

    // For fields that keep the parts themselves (one load fewer than through a Slot).
    static long read(long[] words, int word, int shift, long mask) {
        return (words[word] & mask) >>> shift;
    }

    static void write(long[] words, int word, int shift, long mask, long raw) {
        words[word] = (words[word] & ~mask) | ((raw << shift) & mask);
    }
}
