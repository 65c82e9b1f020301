package dev.irqcheck.specs.report;

import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.system.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A trace as an SVG sequence diagram: one vertical lane per component (device, host/VFIO, VMM,
 * kworker, VGIC, each vCPU and its guest), one row per step with an arrow from the lane the step
 * runs in to each lane whose state it changed, and the violation marked at the end. Self-contained
 * SVG: nothing is fetched when the page is viewed.
 */
public final class SequenceDiagramRenderer {
    private static final int LABEL_WIDTH = 430;
    private static final int LANE_WIDTH = 118;
    private static final int ROW = 26;
    private static final int TOP = 46;

    public String render(Trace trace, InterruptSystem model, String verdictLabel) {
        TreeSet<Lane> laneSet = new TreeSet<>();
        for (int i = 1; i <= trace.length(); i++) {
            laneSet.add(model.laneOf(trace.steps().get(i - 1).rule()));
            for (Field f : trace.changedFields(i)) {
                laneSet.add(model.laneOf(f));
            }
        }
        List<Lane> lanes = new ArrayList<>(laneSet);
        int width = LABEL_WIDTH + LANE_WIDTH * lanes.size() + 10;
        int height = TOP + ROW * (trace.length() + 2) + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"11\">\n",
                width, height, width, height));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#334\"/></marker></defs>\n");
        for (int k = 0; k < lanes.size(); k++) {
            int x = laneX(k);
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"lane\" x=\"%d\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n",
                    x, esc(lanes.get(k).label())));
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/>\n",
                    x, x, height - 10));
        }
        for (int i = 1; i <= trace.length(); i++) {
            int y = TOP + ROW * (i - 1);
            if (trace.isLasso() && trace.loopStart() == i - 1 && trace.loopStart() < trace.length()) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c60\" stroke-dasharray=\"6,3\"/><text x=\"%d\" y=\"%d\" fill=\"#c60\">cycle starts (repeats forever)</text>\n",
                        y - ROW / 2, width, y - ROW / 2, LABEL_WIDTH + 4, y - ROW / 2 - 3));
            }
            var step = trace.steps().get(i - 1);
            Lane actor = model.laneOf(step.rule());
            int ax = laneX(lanes.indexOf(actor));
            StringBuilder changes = new StringBuilder();
            long[] before = trace.state(i - 1).words();
            long[] after = trace.state(i).words();
            TreeSet<Lane> targets = new TreeSet<>();
            for (Field f : trace.changedFields(i)) {
                changes.append(f.name()).append(": ").append(f.format(f.raw(before))).append(" -> ")
                        .append(f.format(f.raw(after))).append('\n');
                targets.add(model.laneOf(f));
            }
            svg.append("<g class=\"step\"><title>").append(esc(i + ". " + step.rule().name() + "\n" + changes)).append("</title>\n");
            svg.append(String.format(Locale.ROOT, "<text class=\"rule\" x=\"4\" y=\"%d\">%s</text>\n",
                    y + 4, esc(String.format(Locale.ROOT, "%3d. %s", i, shorten(step.rule().name())))));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#334\"/>\n", ax, y));
            for (Lane t : targets) {
                if (t.equals(actor)) {
                    continue;
                }
                int tx = laneX(lanes.indexOf(t));
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"arrow\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#334\" marker-end=\"url(#arrow)\"/>\n",
                        ax, y, tx + (tx > ax ? -4 : 4), y));
            }
            svg.append("</g>\n");
        }
        int end = TOP + ROW * trace.length();
        String endText = trace.isLasso() && trace.loopStart() < trace.length()
                ? "back to the cycle start" : "nothing can move from here";
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"violation\" x=\"2\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"#fdd\" stroke=\"#c00\"/><text x=\"8\" y=\"%d\" fill=\"#900\" font-weight=\"bold\">%s</text>\n",
                end - 8, width - 4, end + 6, esc(verdictLabel + " — " + endText)));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int laneX(int k) {
        return LABEL_WIDTH + LANE_WIDTH * k + LANE_WIDTH / 2;
    }

    private static String shorten(String s) {
        return s.length() <= 62 ? s : s.substring(0, 61) + "…";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
