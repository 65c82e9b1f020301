package dev.irqcheck.checker.state;

/** A field holding one constant of an enum, stored as its ordinal. */
public final class EnumField<E extends Enum<E>> implements Field {
    private final String name;
    private final int index;
    private final Slot slot;
    private final E[] constants;

    EnumField(String name, int index, Slot slot, Class<E> type) {
        this.name = name;
        this.index = index;
        this.slot = slot;
        this.constants = type.getEnumConstants();
    }

    public E get(long[] words) {
        return constants[(int) slot.read(words)];
    }

    public void set(long[] words, E value) {
        slot.write(words, value.ordinal());
    }

    /** True when the field holds {@code value}; cheaper than {@code get(words) == value}. */
    public boolean is(long[] words, E value) {
        return slot.read(words) == value.ordinal();
    }

    @Override public String name() { return name; }
    @Override public int index() { return index; }
    @Override public long raw(long[] words) { return slot.read(words); }
    @Override public void setRaw(long[] words, long raw) { slot.write(words, raw); }
    @Override public String format(long raw) { return constants[(int) raw].toString(); }
    @Override public Object decode(long raw) { return constants[(int) raw]; }
    @Override public int bits() { return Long.bitCount(slot.mask()); }
    @Override public String toString() { return name + ":" + constants[0].getDeclaringClass().getSimpleName(); }
}
