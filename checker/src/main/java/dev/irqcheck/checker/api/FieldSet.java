package dev.irqcheck.checker.api;

import dev.irqcheck.checker.state.Field;
import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of a layout's fields, by {@link Field#index()}, or {@link #ALL}: what a rule or
 * a claim reads or writes, for the partial-order reduction. {@link #ALL} stands for "not
 * declared" and intersects every non-empty set, so an undeclared footprint is dependent on every
 * other and a partial declaration stays sound.
 */
public final class FieldSet {
    /** Every field of any layout: the default of anything that does not declare what it touches. */
    public static final FieldSet ALL = new FieldSet(null);
    public static final FieldSet EMPTY = new FieldSet(new long[0]);

    // Bit i of word i/64 is the field of index i; null for ALL.
    private final long[] bits;

    private FieldSet(long[] bits) {
        this.bits = bits;
    }

    public static FieldSet of(Field... fields) {
        return of(Arrays.asList(fields));
    }

    public static FieldSet of(Collection<? extends Field> fields) {
        int max = -1;
        for (Field f : fields) {
            max = Math.max(max, f.index());
        }
        long[] bits = new long[(max >> 6) + 1];
        for (Field f : fields) {
            bits[f.index() >> 6] |= 1L << f.index();
        }
        return new FieldSet(bits);
    }

    public boolean isAll() {
        return bits == null;
    }

    public boolean isEmpty() {
        if (bits == null) {
            return false;
        }
        for (long w : bits) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(Field field) {
        return contains(field.index());
    }

    public boolean contains(int fieldIndex) {
        if (bits == null) {
            return true;
        }
        int w = fieldIndex >> 6;
        return w < bits.length && (bits[w] & (1L << fieldIndex)) != 0;
    }

    /** True when some field is in both; {@link #ALL} meets every non-empty set. */
    public boolean intersects(FieldSet other) {
        if (bits == null || other.bits == null) {
            return !isEmpty() && !other.isEmpty();
        }
        int n = Math.min(bits.length, other.bits.length);
        for (int i = 0; i < n; i++) {
            if ((bits[i] & other.bits[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    public FieldSet union(FieldSet other) {
        if (bits == null || other.bits == null) {
            return ALL;
        }
        long[] out = Arrays.copyOf(bits, Math.max(bits.length, other.bits.length));
        for (int i = 0; i < other.bits.length; i++) {
            out[i] |= other.bits[i];
        }
        return new FieldSet(out);
    }

    /** The union of this and the given fields. */
    public FieldSet with(Field... fields) {
        return union(of(fields));
    }

    /** The union of this and the given fields. */
    public FieldSet with(Collection<? extends Field> fields) {
        return union(of(fields));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldSet other)) {
            return false;
        }
        if (bits == null || other.bits == null) {
            return bits == other.bits;
        }
        int n = Math.max(bits.length, other.bits.length);
        for (int i = 0; i < n; i++) {
            long a = i < bits.length ? bits[i] : 0;
            long b = i < other.bits.length ? other.bits[i] : 0;
            if (a != b) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        if (bits == null) {
            return -1;
        }
        int n = bits.length;
        while (n > 0 && bits[n - 1] == 0) {
            n--;
        }
        return Arrays.hashCode(Arrays.copyOf(bits, n));
    }

    @Override
    public String toString() {
        if (bits == null) {
            return "ALL";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < bits.length * 64; i++) {
            if (contains(i)) {
                sb.append(sb.length() > 1 ? "," : "").append(i);
            }
        }
        return sb.append('}').toString();
    }
}
