package dev.irqcheck.checker.api;

/**
 * What a rule touches, for the partial-order reduction: the fields its guard reads, the fields its
 * guard and action read together, and the fields its action may write. {@link #EVERYTHING} (every
 * set {@link FieldSet#ALL}) is the default: a rule that does not declare a footprint is dependent
 * on every rule and may enable every rule, so declaring only some rules stays sound (and reduces
 * nothing where an undeclared rule is involved).
 *
 * <p>Two rules are independent when neither writes a field the other reads or writes; with correct
 * footprints independent rules commute and neither enables or disables the other. A declaration
 * is a promise the engine cannot check while searching; {@code FootprintAudit} checks it on every
 * reachable state of a model.
 *
 * @param guardReads the fields {@link Rule#enabled} may read: a rule that writes none of them
 *                   cannot change whether this rule is enabled
 * @param reads      the fields the guard or the action may read (always includes {@code guardReads})
 * @param writes     the fields the action may change
 */
public record Footprint(FieldSet guardReads, FieldSet reads, FieldSet writes) {
    public static final Footprint EVERYTHING = new Footprint(FieldSet.ALL, FieldSet.ALL, FieldSet.ALL);

    public Footprint {
        reads = reads.union(guardReads);
    }

    /** A footprint whose guard may read everything the rule reads. */
    public static Footprint of(FieldSet reads, FieldSet writes) {
        return new Footprint(reads, reads, writes);
    }

    /** Whether anything was declared (false for {@link #EVERYTHING}). */
    public boolean declared() {
        return !(guardReads.isAll() && reads.isAll() && writes.isAll());
    }

    /** Neither writes a field the other reads or writes. */
    public boolean independentOf(Footprint other) {
        return !writes.intersects(other.reads) && !writes.intersects(other.writes)
                && !other.writes.intersects(reads);
    }

    /** Whether firing a rule with this footprint may change whether {@code other} is enabled. */
    public boolean mayEnable(Footprint other) {
        return writes.intersects(other.guardReads);
    }
}
