package dev.irqcheck.checker.state;

import java.util.Arrays;

/**
 * An immutable packed state with its layout, for code off the search loop: initial states,
 * traces, reports and tests. The search loop itself works on raw {@code long[]} words.
 */
public final class State {
    private final StateLayout layout;
    private final long[] words;

    public State(StateLayout layout, long[] words) {
        if (words.length != layout.wordCount()) {
            throw new IllegalArgumentException(
                    "state has " + words.length + " words; layout has " + layout.wordCount());
        }
        this.layout = layout;
        this.words = words.clone();
    }

    public StateLayout layout() { return layout; }

    /** A copy of the packed words. */
    public long[] words() { return words.clone(); }

    public boolean get(BoolField f) { return f.get(words); }
    public int get(IntField f) { return f.get(words); }
    public <E extends Enum<E>> E get(EnumField<E> f) { return f.get(words); }

    /** The printable value of a field, e.g. {@code "true"} or {@code "2"}. */
    public String format(Field f) { return f.format(f.raw(words)); }

    /** A copy with edits applied; for tests and hand-written initial states. */
    public State with(java.util.function.Consumer<long[]> edit) {
        long[] copy = words.clone();
        edit.accept(copy);
        return new State(layout, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof State other && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Field f : layout.fields()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(f.name()).append('=').append(format(f));
        }
        return sb.append('}').toString();
    }
}
