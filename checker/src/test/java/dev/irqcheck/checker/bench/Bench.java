package dev.irqcheck.checker.bench;

import dev.irqcheck.checker.bench.HandshakeModel.Params;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of the engine on {@link HandshakeModel} (not a test).
 *
 * <p>Run from the repository root: {@code bench/run-bench.sh --n 5 [--compare]} (builds the test
 * classes, then runs this class with {@code -Xmx${XMX:-4g}}).
 *
 * <p>Options: {@code --n N} (default 5), {@code --shared}, {@code --c C} (2), {@code --k K} (2),
 * {@code --reps R} repetitions per configuration, median reported (3), {@code --warmup W} untimed
 * runs before the first timed one (1), {@code --threads T} the "all threads" count (all cores),
 * {@code --compare} also run SPIN (-DBFS and DFS) and Rumur (1 and 2 threads) on the models in
 * {@code ../shared/bench} (or {@code --bench-dir DIR}), {@code --tools-only} skip our engine.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * One timed configuration: the median run and every wall time. {@code statesPrinted} and
     * {@code transitionsPrinted} are the counts as the tool printed them (pan switches to
     * 8 significant digits, e.g. {@code 1.3212979e+08}, past 10^7).
     */
    record Result(String tool, String variant, long states, long transitions, double[] seconds,
                  String extra, String statesPrinted, String transitionsPrinted) {
        Result(String tool, String variant, long states, long transitions, double[] seconds, String extra) {
            this(tool, variant, states, transitions, seconds, extra, Long.toString(states), Long.toString(transitions));
        }

        double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    /**
     * One search under a state or memory limit, to show that a space larger than the budget ends
     * cleanly: the statistics so far, and exit 3 (as `irqcheck check`) when a limit stopped it.
     */
    static int runLimited(HandshakeModel model, int threads, long maxStates, long memoryMb) {
        SearchConfig config = SearchConfig.defaults().withThreads(threads);
        if (maxStates > 0) {
            config = config.withMaxStates(maxStates);
        }
        if (memoryMb > 0) {
            config = config.withMemoryBudget(memoryMb << 20);
        }
        CheckReport report = new Explorer(config).check(model, model.claims());
        SearchStats st = report.stats();
        System.out.printf(Locale.ROOT, "irqcheck %d thread(s): %,d states, %,d transitions, depth %d, %.3f s, %.1f B/state stored%n",
                threads, st.distinctStates(), st.transitions(), st.depth(), st.elapsed().toNanos() / 1e9,
                (double) st.storeBytes() / Math.max(1, st.distinctStates()));
        if (st.stoppedBy() == null) {
            System.out.println("search complete: no limit was reached");
            return 0;
        }
        String limit = switch (st.stoppedBy()) {
            case MEMORY -> "memory budget";
            case HEAP -> "Java heap running out first (the budget's safety net)";
            case MAX_STATES -> "state limit";
            case BITSTATE -> "bitstate search";
        };
        System.out.println("search stopped by the " + limit
                + " before exploring every state; verdicts not decided are inconclusive (exit 3)");
        return 3;
    }

    public static void main(String[] args) throws Exception {
        int n = 5;
        boolean shared = false;
        int c = 2;
        int k = 2;
        int reps = 3;
        int warmup = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean compare = false;
        boolean toolsOnly = false;
        Path benchDir = null;
        long maxStates = 0;
        long memoryMb = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--shared" -> shared = true;
                case "--c" -> c = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--compare" -> compare = true;
                case "--tools-only" -> { compare = true; toolsOnly = true; }
                case "--bench-dir" -> benchDir = Path.of(args[++i]);
                case "--max-states" -> maxStates = Long.parseLong(args[++i]);
                case "--memory-mb" -> memoryMb = Long.parseLong(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: Bench [--n N] [--shared] [--c C] [--k K] [--reps R] [--warmup W]"
                            + " [--threads T] [--compare] [--tools-only] [--bench-dir DIR] [--max-states S] [--memory-mb M]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Params params = new Params(n, shared, c, k, 0, true);
        HandshakeModel model = new HandshakeModel(params);
        System.out.printf(Locale.ROOT, "handshake %s: %d rules, %s", params, model.rules().size(),
                model.layout().describe().lines().findFirst().orElse(""));
        System.out.printf(Locale.ROOT, "%njava %s, %d cores, max heap %d MB, %d rep(s) + %d warm-up, load average %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, reps, warmup, loadAverage());

        if (maxStates > 0 || memoryMb > 0) {
            System.exit(runLimited(model, threads, maxStates, memoryMb));
        }

        List<Result> results = new ArrayList<>();
        Result ours1 = null;
        Result oursN = null;
        if (!toolsOnly) {
            List<Integer> counts = threads == 1 ? List.of(1) : List.of(1, threads);
            List<Result> ours = runOurs(model, counts, reps, warmup);
            results.addAll(ours);
            ours1 = ours.get(0);
            oursN = ours.get(ours.size() - 1);
            if (counts.size() > 1) {
                double[] paired = new double[reps];
                for (int i = 0; i < reps; i++) {
                    paired[i] = ours1.seconds[i] / oursN.seconds[i];
                }
                double[] sorted = paired.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "speedup %d threads over 1: %.2fx (ratio of medians); paired runs %.2f-%.2fx, median %.2fx%n",
                        threads, ours1.median() / oursN.median(), sorted[0], sorted[reps - 1],
                        reps % 2 == 1 ? sorted[reps / 2] : (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2);
            }
        }

        if (compare) {
            Path dir = benchDir != null ? benchDir : findBenchDir();
            if (dir != null && !(Files.isRegularFile(dir.resolve("irq.pml")) && Files.isRegularFile(dir.resolve("irq.m")))) {
                System.out.println("--compare: " + dir + " has no irq.pml and irq.m; skipping SPIN and Rumur");
            } else if (dir == null) {
                System.out.println("--compare: no ../shared/bench with irq.pml and irq.m found"
                        + " (looked relative to " + Path.of("").toAbsolutePath() + "); use --bench-dir");
            } else {
                results.addAll(new Tools(dir, params, reps).runAll());
            }
        }

        System.out.println();
        System.out.println("| tool | variant | states | transitions | median wall s | states/s | runs (s) | "
                + (oursN != null ? "time / ours(" + oursN.variant + ") | " : "") + "notes |");
        System.out.println("|---|---|---|---|---|---|---|" + (oursN != null ? "---|" : "") + "---|");
        for (Result r : results) {
            double med = r.median();
            StringBuilder runs = new StringBuilder();
            for (double s : r.seconds) {
                runs.append(runs.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", s));
            }
            // pan's "transitions" is always one more than Rumur's "rules fired" on this model.
            long expectedTransitions = oursN == null ? 0 : oursN.transitions + (r.tool.equals("spin") ? 1 : 0);
            String mismatch = oursN == null ? ""
                    : !agrees(oursN.states, r.statesPrinted) || !agrees(expectedTransitions, r.transitionsPrinted)
                    ? ", MISMATCH with ours"
                    : r.statesPrinted.contains("e") || r.transitionsPrinted.contains("e")
                    ? ", counts agree with ours to the " + significantDigits(r.transitionsPrinted) + " digits printed" : "";
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %.3f | %,.0f | %s | %s%s%s |%n",
                    r.tool, r.variant, r.states, r.transitions, med, r.states / med, runs,
                    oursN != null ? String.format(Locale.ROOT, "%.2f | ", med / oursN.median()) : "",
                    r.extra, mismatch);
        }
        System.out.printf(Locale.ROOT, "%nJVM peak RSS (all runs of this process): %s; load average now %s%n",
                peakRss(), loadAverage());
    }

    /**
     * Times each thread count {@code reps} times, interleaved (1, N, N, 1, 1, N, ...) so that both
     * see the same spells of other load on this shared machine: the speedup compares like with like.
     */
    private static List<Result> runOurs(HandshakeModel model, List<Integer> counts, int reps, int warmup) {
        for (int t : counts) {
            for (int i = 0; i < warmup; i++) {
                new Explorer(SearchConfig.defaults().withThreads(t)).check(model, model.claims());
            }
        }
        double[][] seconds = new double[counts.size()][reps];
        SearchStats[] last = new SearchStats[counts.size()];
        for (int i = 0; i < reps; i++) {
            for (int j = 0; j < counts.size(); j++) {
                int which = i % 2 == 0 ? j : counts.size() - 1 - j;
                SearchConfig config = SearchConfig.defaults().withThreads(counts.get(which));
                System.gc();
                long t0 = System.nanoTime();
                CheckReport report = new Explorer(config).check(model, model.claims());
                seconds[which][i] = (System.nanoTime() - t0) / 1e9;
                last[which] = report.stats();
                for (CheckReport.ClaimResult cr : report.results()) {
                    if (cr.verdict().isFailure()) {
                        System.out.println("WARNING: claim " + cr.claim().name() + " " + cr.verdict().kind());
                    }
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (int j = 0; j < counts.size(); j++) {
            int threads = counts.get(j);
            SearchStats st = last[j];
            String extra = String.format(Locale.ROOT,
                    "depth %d, %.1f B/state stored (%.1f MB), collision odds %.1e%s",
                    st.depth(), st.bytesPerState(), st.storeBytes() / 1e6, st.fingerprintCollisionOdds(),
                    st.complete() ? "" : ", STOPPED by " + st.stoppedBy());
            Result r = new Result("irqcheck", threads + (threads == 1 ? " thread" : " threads"),
                    st.distinctStates(), st.transitions(), seconds[j], extra);
            System.out.printf(Locale.ROOT, "irqcheck %-10s %,d states, %,d transitions, median %.3f s (%,.0f states/s), %s%n",
                    r.variant, r.states, r.transitions, r.median(), r.states / r.median(), extra);
            out.add(r);
        }
        return out;
    }

    /** True when {@code printed} is {@code count}, or {@code count} rounded to the digits shown. */
    static boolean agrees(long count, String printed) {
        if (!printed.contains("e")) {
            return Long.parseLong(printed) == count;
        }
        BigDecimal shown = new BigDecimal(printed);
        BigDecimal ours = new BigDecimal(count)
                .round(new MathContext(significantDigits(printed), RoundingMode.HALF_EVEN));
        return shown.compareTo(ours) == 0;
    }

    private static int significantDigits(String printed) {
        String mantissa = printed.contains("e") ? printed.substring(0, printed.indexOf('e')) : printed;
        return mantissa.replace(".", "").replaceFirst("^0+", "").length();
    }

    private static Path findBenchDir() {
        for (String candidate : new String[] {"../shared/bench", "../../shared/bench"}) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(p.resolve("irq.pml")) && Files.isRegularFile(p.resolve("irq.m"))) {
                return p;
            }
        }
        return null;
    }

    // Other work on the machine skews the timings; the 1-minute load average shows it.
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /** SPIN and Rumur on the reference models, built and run like {@code run.sh}. */
    static final class Tools {
        private final Path benchDir;
        private final Params p;
        private final int reps;
        private final boolean gnuTime;
        private int failures;

        Tools(Path benchDir, Params p, int reps) {
            this.benchDir = benchDir;
            this.p = p;
            this.reps = reps;
            this.gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
        }

        List<Result> runAll() throws IOException, InterruptedException {
            List<Result> out = new ArrayList<>();
            Path work = Files.createTempDirectory("irqcheck-bench-");
            System.out.println("--compare: tools build and run in " + work + " (removed afterwards)");
            if (onPath("spin") && onPath("gcc")) {
                int n = p.n();
                String w = "-w" + (p.shared() ? 16 : switch (n) { case 1, 2, 3 -> 16; case 4 -> 18; case 5 -> 21; default -> 25; });
                String m = "-m" + (p.shared() ? 10000 : switch (n) {
                    case 1 -> 1000; case 2 -> 10000; case 3 -> 100000; case 4 -> 200000; case 5 -> 2000000;
                    default -> 20000000; });
                add(out, spin(work, "bfs", "-DBFS", List.of(w)));
                add(out, spin(work, "dfs", "", List.of(m, w)));
            } else {
                System.out.println("--compare: spin or gcc not installed; skipping SPIN"
                        + " (apt-get install -y spin gcc)");
            }
            if (onPath("rumur") && onPath("cc")) {
                add(out, rumur(work, 1));
                add(out, rumur(work, 2));
            } else {
                System.out.println("--compare: rumur or cc not installed; skipping Rumur (apt-get install -y rumur gcc)");
            }
            if (failures == 0) {
                try (var paths = Files.walk(work)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
                }
            } else {
                System.out.println("--compare: kept " + work + " for inspection");
            }
            return out;
        }

        private void add(List<Result> out, Result r) {
            if (r != null) {
                out.add(r);
            } else {
                failures++;
            }
        }

        private Result spin(Path work, String variant, String ccFlag, List<String> runFlags)
                throws IOException, InterruptedException {
            Path d = Files.createDirectories(work.resolve("spin-" + variant));
            Files.copy(benchDir.resolve("irq.pml"), d.resolve("irq.pml"));
            if (!exec(d, List.of("spin", "-a", "-DN=" + p.n(), "-DSHARED=" + (p.shared() ? 1 : 0),
                    "-DC=" + p.c(), "-DK=" + p.k(), "-DBUG=0", "irq.pml"), null)) {
                return null;
            }
            List<String> cc = new ArrayList<>(List.of("gcc", "-O2", "-DSAFETY", "-DMEMLIM=16000"));
            if (!ccFlag.isEmpty()) {
                cc.add(ccFlag);
            }
            cc.addAll(List.of("-o", "pan", "pan.c"));
            if (!exec(d, cc, null)) {
                return null;
            }
            List<String> run = new ArrayList<>(List.of("./pan"));
            run.addAll(runFlags);
            return timed(d, "spin", variant.equals("bfs") ? "-DBFS" : "DFS", run,
                    Pattern.compile("(?m)^\\s*([0-9.e+]+) states, stored"),
                    Pattern.compile("(?m)^\\s*([0-9.e+]+) transitions \\(= stored"));
        }

        private Result rumur(Path work, int threads) throws IOException, InterruptedException {
            Path d = Files.createDirectories(work.resolve("rumur-t" + threads));
            String m = Files.readString(benchDir.resolve("irq.m"), StandardCharsets.UTF_8)
                    .replaceAll("(?m)^  N : [0-9]+;", "  N : " + p.n() + ";")
                    .replaceAll("(?m)^  M : [0-9]+;", "  M : " + p.m() + ";")
                    .replaceAll("(?m)^  SHARED : [a-z]+;", "  SHARED : " + p.shared() + ";")
                    .replaceAll("(?m)^  C : [0-9]+;", "  C : " + p.c() + ";")
                    .replaceAll("(?m)^  K : [0-9]+;", "  K : " + p.k() + ";")
                    .replaceAll("(?m)^  BUG : [0-9]+;", "  BUG : 0;");
            Files.writeString(d.resolve("irq.m"), m, StandardCharsets.UTF_8);
            if (!exec(d, List.of("rumur", "--quiet", "--threads", Integer.toString(threads), "--colour", "off",
                    "irq.m", "--output", "irq.c"), null)
                    || !exec(d, List.of("cc", "-std=c11", "-march=native", "-O3", "-mcx16", "irq.c", "-lpthread",
                    "-o", "irq"), null)) {
                return null;
            }
            return timed(d, "rumur", threads + (threads == 1 ? " thread" : " threads"), List.of("./irq"),
                    Pattern.compile("(?m)^\\s*([0-9]+) states, [0-9]+ rules fired"),
                    Pattern.compile("(?m)^\\s*[0-9]+ states, ([0-9]+) rules fired"));
        }

        private Result timed(Path d, String tool, String variant, List<String> cmd, Pattern states,
                             Pattern transitions) throws IOException, InterruptedException {
            double[] seconds = new double[reps];
            long maxRssKb = 0;
            String output = "";
            for (int i = 0; i < reps; i++) {
                List<String> full = new ArrayList<>();
                if (gnuTime) {
                    full.addAll(List.of("/usr/bin/time", "-f", "RSSKB=%M", "-o", "time.txt"));
                }
                full.addAll(cmd);
                StringBuilder sb = new StringBuilder();
                long t0 = System.nanoTime();
                exec(d, full, sb);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                output = sb.toString();
                if (gnuTime) {
                    Matcher mm = Pattern.compile("RSSKB=([0-9]+)").matcher(Files.readString(d.resolve("time.txt")));
                    if (mm.find()) {
                        maxRssKb = Math.max(maxRssKb, Long.parseLong(mm.group(1)));
                    }
                }
            }
            Files.writeString(d.resolve("out.txt"), output);
            Matcher s = states.matcher(output);
            Matcher t = transitions.matcher(output);
            if (!s.find() || !t.find()) {
                System.out.println("--compare: could not read counts from " + tool + " " + variant + " (see "
                        + d.resolve("out.txt") + ")");
                return null;
            }
            boolean error = !(output.contains("errors: 0") || output.contains("No error found"));
            String extra = (maxRssKb > 0 ? String.format(Locale.ROOT, "peak RSS %.0f MB", maxRssKb / 1024.0) : "")
                    + (error ? ", TOOL REPORTED AN ERROR" : "");
            Result r = new Result(tool, variant, (long) Double.parseDouble(s.group(1)),
                    (long) Double.parseDouble(t.group(1)), seconds, extra, s.group(1), t.group(1));
            System.out.printf(Locale.ROOT, "%-6s %-10s %,d states, %,d transitions, median %.3f s%n",
                    tool, variant, r.states, r.transitions, r.median());
            return r;
        }

        private static boolean onPath(String tool) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                    return true;
                }
            }
            return false;
        }

        // Runs a command in d; stdout+stderr go to sb (or are dropped). False, with a message, on failure.
        private static boolean exec(Path d, List<String> cmd, StringBuilder sb) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true);
            Process proc = pb.start();
            byte[] bytes = proc.getInputStream().readAllBytes();
            int rc = proc.waitFor();
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (sb != null) {
                sb.append(text);
            }
            // pan exits 0 even on errors and Rumur exits non-zero on errors; the counts decide.
            if (rc != 0 && sb == null) {
                System.out.println("--compare: `" + String.join(" ", cmd) + "` failed (exit " + rc + "):\n" + text);
                return false;
            }
            return true;
        }
    }
}
