package dev.irqcheck.checker.state;

import java.util.Arrays;

/**
 * Records which fields a piece of code reads, through the field accessors, on one thread: the
 * partial-order reduction uses it to learn what a disabled rule's guard read in a state (a
 * deterministic guard that read fields F is false in every state that agrees on F, so only a rule
 * that writes a field of F can enable it).
 *
 * <p>Accessors pay one static load while no search records; while one does, each read also
 * looks up the thread's recorder.
 */
public final class FieldReads {
    // Searches that record, and whether there is any: both changed under the class lock, so that a
    // search ending cannot clear the flag after another one set it. Workers see it set because it
    // is set before their tasks are submitted.
    private static int recordingSearches;
    static boolean anyRecording;
    private static final ThreadLocal<FieldReads> CURRENT = new ThreadLocal<>();

    private final long[] bits;
    private boolean on;

    public FieldReads(int fieldCount) {
        this.bits = new long[(fieldCount >> 6) + 1];
    }

    /** Called by a search that records, before its workers start; pair with {@link #searchEnded}. */
    public static synchronized void searchStarted() {
        recordingSearches++;
        anyRecording = true;
    }

    public static synchronized void searchEnded() {
        if (--recordingSearches == 0) {
            anyRecording = false;
        }
    }

    /** Whether accessors record now (false outside {@link #searchStarted}/{@link #searchEnded}). */
    public static boolean recording() {
        return anyRecording;
    }

    /** Makes this the current thread's recorder (off until {@link #start}). */
    public void attach() {
        CURRENT.set(this);
    }

    public void detach() {
        CURRENT.remove();
    }

    /** Forgets what was recorded and records from now on. */
    public void start() {
        Arrays.fill(bits, 0);
        on = true;
    }

    public void stop() {
        on = false;
    }

    /** The fields read between {@link #start} and {@link #stop}, as bits by field index. */
    public long[] bits() {
        return bits;
    }

    static void read(int index) {
        FieldReads r = CURRENT.get();
        // A field beyond the recorder's layout belongs to another model: not this search's state.
        if (r != null && r.on && (index >> 6) < r.bits.length) {
            r.bits[index >> 6] |= 1L << index;
        }
    }
}
