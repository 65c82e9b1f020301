package dev.irqcheck.checker.liveness;

import dev.irqcheck.checker.store.Fingerprints;
import java.util.Arrays;

/**
 * Concrete states stored exactly, numbered in insertion order: their packed words one after
 * another in a flat array, and an open-addressing table of ids keyed by the words' fingerprint
 * (compared word by word, so two states never merge). No per-state objects. Grows only when
 * {@link #growthBytes()} has been found to fit the caller's budget.
 */
final class ExactStates {
    private final int wordCount;
    private long[] words;
    // id + 1 per slot, 0 for empty; linear probing; capacity a power of two, at most half full.
    private int[] slots;
    private int size;

    ExactStates(int wordCount) {
        this.wordCount = wordCount;
        this.words = new long[16 * wordCount];
        this.slots = new int[32];
    }

    int size() {
        return size;
    }

    /** The id of {@code state}, or -1 when it is not stored. */
    int find(long[] state) {
        int mask = slots.length - 1;
        for (int i = (int) Fingerprints.of(state) & mask; ; i = (i + 1) & mask) {
            int id = slots[i] - 1;
            if (id < 0) {
                return -1;
            }
            if (Arrays.equals(words, id * wordCount, (id + 1) * wordCount, state, 0, wordCount)) {
                return id;
            }
        }
    }

    /** Whether the next {@link #add} has to grow an array. */
    boolean full() {
        return (size + 1) * wordCount > words.length || 2 * (size + 1) > slots.length;
    }

    /** What the arrays would hold after the next growth, old arrays included (both live while copying). */
    long growthBytes() {
        long nextWords = (size + 1) * wordCount > words.length ? 2L * words.length : 0;
        long nextSlots = 2 * (size + 1) > slots.length ? 2L * slots.length : 0;
        return bytes() + 8 * nextWords + 4 * nextSlots;
    }

    long bytes() {
        return 8L * words.length + 4L * slots.length;
    }

    /** Stores a state that {@link #find} did not find, growing if needed; returns its id. */
    int add(long[] state) {
        if ((size + 1) * wordCount > words.length) {
            words = Arrays.copyOf(words, 2 * words.length);
        }
        if (2 * (size + 1) > slots.length) {
            int[] old = slots;
            slots = new int[2 * old.length];
            for (int s : old) {
                if (s != 0) {
                    place(s - 1);
                }
            }
        }
        int id = size++;
        System.arraycopy(state, 0, words, id * wordCount, wordCount);
        place(id);
        return id;
    }

    private void place(int id) {
        int mask = slots.length - 1;
        int i = (int) Fingerprints.of(words, id * wordCount, wordCount) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id + 1;
    }

    void copy(int id, long[] into) {
        System.arraycopy(words, id * wordCount, into, 0, wordCount);
    }
}
