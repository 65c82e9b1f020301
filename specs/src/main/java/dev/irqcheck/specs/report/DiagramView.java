package dev.irqcheck.specs.report;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.model.system.InterruptSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A trace laid out as an SVG sequence diagram, for {@code diagram.jte}: geometry and text only,
 * no markup (the template escapes every string). Sized for a 1400 px window: the lanes share
 * what the step labels leave, and labels wrap rather than being cut.
 */
public record DiagramView(int width, int height, List<LaneView> lanes, List<StepView> steps,
                          CycleView cycle, EndView end) {

    /** A lane: its centre, its header (wrapped to the lane's width) and its dashed line's length. */
    public record LaneView(int x, List<String> header) {
    }

    /**
     * One step. {@code label} lines are wrapped, never cut. A step that changes no other lane (a
     * write that finds the line already high changes only its writer's belief) gets a grey
     * {@code note} saying so as its last label line and a loop at its dot instead of an arrow;
     * one that changes nothing at all gets a hollow dot. {@code tooltip} lists every change.
     */
    public record StepView(int y, int labelY, List<String> label, int noteLines, boolean changedNothing, int dotX,
                           List<Integer> arrowEnds, String tooltip) {
        public boolean isNote(int line) {
            return line >= label.size() - noteLines;
        }

        public boolean changesOnlyItsLane() {
            return noteLines > 0 && !changedNothing;
        }
    }

    /** The dashed line where a lasso's cycle starts, or null. */
    public record CycleView(int y, String text) {
    }

    /** The closing bar: what was violated and what the last state is. */
    public record EndView(int y, String text) {
    }

    static final int FONT_PX = 11;
    /** A monospace character at 11 px, with room to spare (DejaVu Sans Mono is 6.6 px). */
    static final double CHAR_PX = 7.0;
    /** Lane headers are 10 px: a character with room to spare. */
    static final double HEADER_CHAR_PX = 6.4;
    static final int LABEL_WIDTH = 310;
    /** What a 1400 px window leaves the diagram after the page's margins. */
    static final int TARGET_WIDTH = 1320;
    static final int MIN_LANE = 64;
    static final int LINE = 13;
    static final int TOP = 20;

    /** {@code verdict}: what the trace violates, e.g. "no-lost-interrupt violated". */
    public static DiagramView of(Trace trace, InterruptSystem model, String verdict) {
        DiagramLanes lanes = new DiagramLanes(model);
        int laneCount = lanes.labels().size();
        int laneWidth = Math.max(MIN_LANE, (TARGET_WIDTH - LABEL_WIDTH) / laneCount);
        int width = LABEL_WIDTH + laneWidth * laneCount;
        int headerChars = (int) ((laneWidth - 4) / HEADER_CHAR_PX);
        List<LaneView> laneViews = new ArrayList<>();
        int headerLines = 1;
        for (int k = 0; k < laneCount; k++) {
            List<String> header = wrap(lanes.labels().get(k), headerChars, "");
            headerLines = Math.max(headerLines, header.size());
            laneViews.add(new LaneView(LABEL_WIDTH + laneWidth * k + laneWidth / 2, header));
        }
        int labelChars = (int) ((LABEL_WIDTH - 12) / CHAR_PX);
        int y = TOP + LINE * headerLines + 16;
        List<StepView> steps = new ArrayList<>();
        CycleView cycle = null;
        for (int i = 1; i <= trace.length(); i++) {
            if (trace.isLasso() && trace.loopStart() == i - 1) {
                cycle = new CycleView(y - 4, "the cycle starts here and repeats forever");
                y += LINE;
            }
            Rule rule = trace.steps().get(i - 1).rule();
            List<Field> changed = trace.changedFields(i);
            List<String> label = wrap(String.format(Locale.ROOT, "%3d. %s", i, rule.name()), labelChars, "     ");
            int actor = lanes.ofStep(trace, i);
            int dotX = laneViews.get(actor).x();
            TreeSet<Integer> targets = new TreeSet<>();
            StringBuilder tooltip = new StringBuilder(i + ". " + rule.name());
            long[] before = trace.state(i - 1).words();
            long[] after = trace.state(i).words();
            for (Field f : changed) {
                tooltip.append('\n').append(f.name()).append(": ").append(f.format(f.raw(before)))
                        .append(" -> ").append(f.format(f.raw(after)));
                targets.add(lanes.ofField(f));
            }
            targets.remove(actor);
            String note = null;
            if (changed.isEmpty()) {
                note = "     (changes nothing)";
            } else if (targets.isEmpty()) {
                note = "     (changes only " + lanes.labels().get(actor) + ")";
            }
            int noteLines = 0;
            if (note != null) {
                List<String> noteText = wrap(note, labelChars, "     ");
                noteLines = noteText.size();
                label = new ArrayList<>(label);
                label.addAll(noteText);
            }
            List<Integer> arrowEnds = new ArrayList<>();
            for (int t : targets) {
                int tx = laneViews.get(t).x();
                arrowEnds.add(tx + (tx > dotX ? -4 : 4));
            }
            int rowTop = y;
            steps.add(new StepView(rowTop + 4, rowTop + 8, label, noteLines, changed.isEmpty(), dotX, arrowEnds, tooltip.toString()));
            y += LINE * label.size() + 9;
        }
        String endText;
        if (trace.isLasso() && trace.loopStart() < trace.length()) {
            endText = verdict + ": back to where the cycle starts";
        } else if (trace.isLasso() || nothingEnabled(model, trace.last().words())) {
            endText = verdict + ": nothing can move from here";
        } else {
            endText = verdict + " in the last state";
        }
        EndView end = new EndView(y + 4, endText);
        return new DiagramView(width, y + 32, laneViews, steps, cycle, end);
    }

    private static boolean nothingEnabled(InterruptSystem model, long[] state) {
        return model.rules().stream().noneMatch(r -> r.enabled(state));
    }

    /** Breaks {@code text} into lines of at most {@code width} characters, after a space or a dash where it can. */
    static List<String> wrap(String text, int width, String continuation) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        String prefix = "";
        int w = Math.max(width, continuation.length() + 4);
        while (prefix.length() + rest.length() > w) {
            int room = w - prefix.length();
            int cut = rest.lastIndexOf(' ', room);
            int dash = rest.lastIndexOf('-', room - 1);
            if (cut <= 0 || dash + 1 > cut) {
                cut = dash > 0 ? dash + 1 : room;
            }
            lines.add(prefix + rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
            prefix = continuation;
        }
        lines.add(prefix + rest);
        return lines;
    }
}
