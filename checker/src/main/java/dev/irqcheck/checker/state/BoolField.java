package dev.irqcheck.checker.state;

/** A one-bit field. */
public final class BoolField implements Field {
    private final String name;
    private final int index;
    private final int word;
    private final long bit;

    BoolField(String name, int index, Slot slot) {
        this.name = name;
        this.index = index;
        this.word = slot.word();
        this.bit = slot.mask();
    }

    public boolean get(long[] words) {
        if (FieldReads.anyRecording) {
            FieldReads.read(index);
        }
        return (words[word] & bit) != 0;
    }

    public void set(long[] words, boolean value) {
        if (value) {
            if (bit == 0) {
                throw new IllegalStateException(name + " is declared always false in this model");
            }
            words[word] |= bit;
        } else {
            words[word] &= ~bit;
        }
    }

    @Override public String name() { return name; }
    @Override public int index() { return index; }
    @Override public long raw(long[] words) { return get(words) ? 1 : 0; }
    @Override public void setRaw(long[] words, long raw) { set(words, raw != 0); }
    @Override public String format(long raw) { return raw != 0 ? "true" : "false"; }
    @Override public Object decode(long raw) { return raw != 0; }
    @Override public int word() { return word; }
    @Override public long mask() { return bit; }
    @Override public int bits() { return bit == 0 ? 0 : 1; }
    @Override public String toString() { return name + ":bool"; }
}
