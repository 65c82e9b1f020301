package dev.irqcheck.checker.state;

/**
 * A typed handle on one field of a {@link StateLayout}: its name, and where its bits live in the
 * packed words.
 *
 * <p>Handles are resolved when the layout is built, so reading or writing a field in the search
 * loop is a shift and a mask, with no lookup by name and no boxing. A field never straddles two
 * words.
 */
public sealed interface Field permits BoolField, IntField, EnumField {

    /** The printable name, e.g. {@code vgic.spi[37].active}. */
    String name();

    /** Position of this field in {@link StateLayout#fields()}. */
    int index();

    /** The raw bits of this field in the given packed state. */
    long raw(long[] words);

    /** Writes raw bits (already validated by the caller) into the packed state. */
    void setRaw(long[] words, long raw);

    /** The value the raw bits stand for, as a trace or JSON report shows it. */
    String format(long raw);

    /** The value the raw bits stand for, as a plain Java value (Boolean, Integer or enum constant). */
    Object decode(long raw);

    /** Number of bits the field occupies. */
    int bits();

    /**
     * The index of the word holding this field's bits. With {@link #mask()}, for code that moves
     * whole fields at a time without going through the typed accessors (a symmetry's sort).
     */
    int word();

    /** This field's bits within {@link #word()}, already shifted into place (0 for a zero-width field). */
    long mask();
}
