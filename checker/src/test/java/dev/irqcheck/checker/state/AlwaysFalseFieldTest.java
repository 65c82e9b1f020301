package dev.irqcheck.checker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A field a model variant never writes takes no bits, keeps its name, and refuses a write. */
class AlwaysFalseFieldTest {
    @Test
    void takesNoBitsReadsFalseAndRefusesTrue() {
        StateLayout.Builder b = StateLayout.builder();
        IntField wide = b.integer("wide", 0, (1 << 30) - 1);
        BoolField never = b.alwaysFalse("never");
        IntField rest = b.integer("rest", 0, (1 << 30) - 1);
        BoolField flag = b.bool("flag");
        StateLayout layout = b.build();
        assertEquals(1, layout.wordCount(), "61 bits fit one word when the constant takes none");
        assertEquals(0, never.bits());
        assertEquals(61, layout.usedBits());
        assertEquals(never, layout.field("never").orElseThrow());
        long[] w = layout.newWords();
        wide.set(w, (1 << 30) - 1);
        rest.set(w, (1 << 30) - 1);
        flag.set(w, true);
        never.set(w, false);
        assertFalse(never.get(w));
        assertThrows(IllegalStateException.class, () -> never.set(w, true));
        assertEquals((1 << 30) - 1, rest.get(w), "the neighbours are untouched");
    }
}
