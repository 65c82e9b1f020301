package dev.irqcheck.checker.state;

/** Where a field's bits live: word index, shift and mask (already shifted). */
record Slot(int word, int shift, long mask) {
    long read(long[] words) {
        return (words[word] & mask) >>> shift;
    }

    void write(long[] words, long raw) {
        words[word] = (words[word] & ~mask) | ((raw << shift) & mask);
    }
}
