package dev.irqcheck.checker.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a model's state: typed fields packed into a fixed number of {@code long} words.
 *
 * <p>Fields are placed first-fit in declaration order, so a model that declares the fields of one
 * component together keeps them in one word; no field straddles a word boundary (so a read is
 * one load, one mask, one shift). Unused high bits stay zero, which keeps packed states canonical:
 * two states are equal exactly when their words are equal. Immutable after {@link Builder#build()}.
 */
public final class StateLayout {
    private final List<Field> fields;
    private final Map<String, Field> byName;
    private final int wordCount;
    private final int usedBits;

    private StateLayout(List<Field> fields, int wordCount) {
        this.fields = List.copyOf(fields);
        Map<String, Field> names = new LinkedHashMap<>();
        int bits = 0;
        for (Field f : fields) {
            names.put(f.name(), f);
            bits += f.bits();
        }
        this.byName = Collections.unmodifiableMap(names);
        this.wordCount = Math.max(1, wordCount);
        this.usedBits = bits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every field, in declaration order. */
    public List<Field> fields() { return fields; }

    /** Number of {@code long} words in a packed state. */
    public int wordCount() { return wordCount; }

    /** Bits that carry information (the rest of the words is padding). */
    public int usedBits() { return usedBits; }

    /** Looks a field up by its printable name; for parsers and tests, never the search loop. */
    public Optional<Field> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** A fresh all-zero state: every bool false, every int at its minimum, every enum at ordinal 0. */
    public long[] newWords() {
        return new long[wordCount];
    }

    /** A multi-line description of where each field lives, for {@code --verbose} output. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(fields.size()).append(" fields, ").append(usedBits).append(" bits in ")
                .append(wordCount).append(wordCount == 1 ? " word\n" : " words\n");
        for (Field f : fields) {
            sb.append("  ").append(f).append(" (").append(f.bits()).append(" bits)\n");
        }
        return sb.toString();
    }

    /** Declares fields one at a time; each call returns the handle the model keeps. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();
        private final List<Integer> freeBitsPerWord = new ArrayList<>();
        private boolean built;

        private Builder() {
        }

        public BoolField bool(String name) {
            return add(new BoolField(name, fields.size(), place(name, 1)));
        }

        /**
         * A boolean that is always false in this model (zero bits): for state a variant of the
         * model never writes. Writing true to it is a model bug and throws.
         */
        public BoolField alwaysFalse(String name) {
            return add(new BoolField(name, fields.size(), place(name, 0)));
        }

        /** A bounded integer {@code min..max} inclusive. */
        public IntField integer(String name, int min, int max) {
            if (max < min) {
                throw new IllegalArgumentException("field " + name + ": max " + max + " < min " + min);
            }
            int bits = bitsFor((long) max - min);
            return add(new IntField(name, fields.size(), place(name, bits), min, max));
        }

        public <E extends Enum<E>> EnumField<E> enumeration(String name, Class<E> type) {
            int constants = type.getEnumConstants().length;
            int bits = bitsFor(constants - 1L);
            return add(new EnumField<>(name, fields.size(), place(name, bits), type));
        }

        private <F extends Field> F add(F field) {
            if (built) {
                throw new IllegalStateException("layout already built");
            }
            for (Field f : fields) {
                if (f.name().equals(field.name())) {
                    throw new IllegalArgumentException("duplicate field name " + field.name());
                }
            }
            fields.add(field);
            return field;
        }

        // First fit: fill earlier words before opening a new one.
        private Slot place(String name, int bits) {
            if (bits > 63) {
                throw new IllegalArgumentException("field " + name + " needs " + bits + " bits; at most 63");
            }
            for (int w = 0; w < freeBitsPerWord.size(); w++) {
                int free = freeBitsPerWord.get(w);
                if (free >= bits) {
                    return claim(w, bits);
                }
            }
            freeBitsPerWord.add(64);
            return claim(freeBitsPerWord.size() - 1, bits);
        }

        private Slot claim(int word, int bits) {
            int shift = 64 - freeBitsPerWord.get(word);
            freeBitsPerWord.set(word, freeBitsPerWord.get(word) - bits);
            long mask = bits == 0 ? 0 : ((-1L >>> (64 - bits)) << shift);
            return new Slot(word, shift, mask);
        }

        private static int bitsFor(long maxRaw) {
            return maxRaw == 0 ? 0 : 64 - Long.numberOfLeadingZeros(maxRaw);
        }

        public StateLayout build() {
            built = true;
            return new StateLayout(fields, freeBitsPerWord.size());
        }
    }
}
