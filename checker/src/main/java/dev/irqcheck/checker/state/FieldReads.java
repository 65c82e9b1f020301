package dev.irqcheck.checker.state;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final AtomicInteger RECORDING_SEARCHES = new AtomicInteger();
    // Mirrors RECORDING_SEARCHES > 0; workers see it set because it is set before they are started.
    static boolean anyRecording;
    private static final ThreadLocal<FieldReads> CURRENT = new ThreadLocal<>();

    private final long[] bits;
    private boolean on;

    public FieldReads(int fieldCount) {
        this.bits = new long[(fieldCount >> 6) + 1];
    }

    /** Called by a search that records, before its workers start; pair with {@link #searchEnded}. */
    public static void searchStarted() {
        RECORDING_SEARCHES.incrementAndGet();
        anyRecording = true;
    }

    public static void searchEnded() {
        if (RECORDING_SEARCHES.decrementAndGet() == 0) {
            anyRecording = false;
        }
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
        if (r != null && r.on) {
            r.bits[index >> 6] |= 1L << index;
        }
    }
}
