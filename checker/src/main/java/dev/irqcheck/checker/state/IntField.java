package dev.irqcheck.checker.state;

/** A bounded integer field, {@code min..max} inclusive, stored as {@code value - min}. */
public final class IntField implements Field {
    private final String name;
    private final int index;
    // The slot's parts, held here rather than behind a Slot reference: one load fewer per access
    // on the search's hottest path (guards and updates).
    private final int word;
    private final int shift;
    private final long mask;
    private final int min;
    private final int max;

    IntField(String name, int index, Slot slot, int min, int max) {
        this.name = name;
        this.index = index;
        this.word = slot.word();
        this.shift = slot.shift();
        this.mask = slot.mask();
        this.min = min;
        this.max = max;
    }

    public int get(long[] words) {
        return (int) read(words) + min;
    }

    /**
     * Writes a value; a value outside {@code min..max} is a model bug, reported at once rather
     * than wrapped into a wrong state.
     */
    public void set(long[] words, int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "field " + name + " is bounded to " + min + ".." + max + ", got " + value);
        }
        write(words, value - min);
    }

    public int min() { return min; }
    public int max() { return max; }

    @Override public String name() { return name; }
    @Override public int index() { return index; }
    @Override public long raw(long[] words) { return read(words); }
    @Override public void setRaw(long[] words, long raw) { write(words, raw); }
    @Override public String format(long raw) { return Long.toString(raw + min); }
    @Override public Object decode(long raw) { return (int) raw + min; }
    @Override public int word() { return word; }
    @Override public long mask() { return mask; }
    @Override public int bits() { return Long.bitCount(mask); }
    @Override public String toString() { return name + ":" + min + ".." + max; }

    private long read(long[] words) {
        if (FieldReads.anyRecording) {
            FieldReads.read(index);
        }
        return Slot.read(words, word, shift, mask);
    }

    private void write(long[] words, long raw) {
        Slot.write(words, word, shift, mask, raw);
    }
}
