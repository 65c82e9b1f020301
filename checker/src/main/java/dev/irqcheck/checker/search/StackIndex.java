package dev.irqcheck.checker.search;

import dev.irqcheck.checker.store.Fingerprints;
import java.util.Arrays;

/**
 * Which states are on a Tarjan stack, and where: an open-addressing table of stack positions keyed
 * by the states' words, which stay in the stack itself (4 bytes per slot, at most half full). The
 * bitstate fair-cycle search needs exact membership only for the states on its stack; everything
 * else is in the Bloom filter.
 */
final class StackIndex {
    private final int width;
    private int[] slots = new int[64]; // stack position + 1; 0 is empty
    private int size;

    StackIndex(int width) {
        this.width = width;
    }

    /** The stack position holding {@code key}, or -1 when it is not on the stack. */
    int find(long[] stack, long[] key) {
        int mask = slots.length - 1;
        for (int i = home(key, 0); slots[i] != 0; i = (i + 1) & mask) {
            int pos = slots[i] - 1;
            if (Arrays.equals(stack, pos * width, pos * width + width, key, 0, width)) {
                return pos;
            }
        }
        return -1;
    }

    /** Indexes the state at {@code pos}, which must not be indexed already. */
    void add(long[] stack, int pos) {
        if (2 * (size + 1) > slots.length) {
            int[] old = slots;
            slots = new int[old.length * 2];
            for (int entry : old) {
                if (entry != 0) {
                    place(stack, entry);
                }
            }
        }
        place(stack, pos + 1);
        size++;
    }

    /** Forgets the state at {@code pos} (backward-shift deletion, so no tombstones accumulate). */
    void remove(long[] stack, int pos) {
        int mask = slots.length - 1;
        int i = home(stack, pos * width);
        while (slots[i] != pos + 1) {
            i = (i + 1) & mask;
        }
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int k = home(stack, (slots[j] - 1) * width);
            // Move the entry at j back into the hole unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!stays) {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = 0;
        size--;
    }

    long bytes() {
        return 4L * slots.length;
    }

    private void place(long[] stack, int entry) {
        int mask = slots.length - 1;
        int i = home(stack, (entry - 1) * width);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
    }

    private int home(long[] words, int offset) {
        long h = Fingerprints.of(words, offset, width);
        return (int) (h ^ (h >>> 32)) & (slots.length - 1);
    }
}
