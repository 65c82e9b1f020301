package dev.irqcheck.checker.state;

/** A field holding one constant of an enum, stored as its ordinal. */
public final class EnumField<E extends Enum<E>> implements Field {
    private final String name;
    private final int index;
    // The slot's parts, held here rather than behind a Slot reference: one load fewer per access
    // on the search's hottest path (guards and updates).
    private final int word;
    private final int shift;
    private final long mask;
    private final E[] constants;

    EnumField(String name, int index, Slot slot, Class<E> type) {
        this.name = name;
        this.index = index;
        this.word = slot.word();
        this.shift = slot.shift();
        this.mask = slot.mask();
        this.constants = type.getEnumConstants();
    }

    public E get(long[] words) {
        return constants[(int) read(words)];
    }

    public void set(long[] words, E value) {
        write(words, value.ordinal());
    }

    /** True when the field holds {@code value}; cheaper than {@code get(words) == value}. */
    public boolean is(long[] words, E value) {
        return read(words) == value.ordinal();
    }

    @Override public String name() { return name; }
    @Override public int index() { return index; }
    @Override public long raw(long[] words) { return read(words); }
    @Override public void setRaw(long[] words, long raw) { write(words, raw); }
    @Override public String format(long raw) { return constants[(int) raw].toString(); }
    @Override public Object decode(long raw) { return constants[(int) raw]; }
    @Override public int word() { return word; }
    @Override public long mask() { return mask; }
    @Override public int bits() { return Long.bitCount(mask); }
    @Override public String toString() { return name + ":" + constants[0].getDeclaringClass().getSimpleName(); }

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
