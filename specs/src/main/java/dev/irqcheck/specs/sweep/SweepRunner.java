package dev.irqcheck.specs.sweep;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.specs.claims.PropertyId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Checks every configuration of a sweep exhaustively, several configurations at once (each search
 * single-threaded, so the results and their order do not depend on the thread count).
 */
public final class SweepRunner {
    /** The properties a sweep judges configurations by: the catalogue without the strict, informational one. */
    public static final List<PropertyId> PROPERTIES = List.of(PropertyId.NO_LOST_INTERRUPT,
            PropertyId.EVENTUALLY_SERVICED, PropertyId.NO_STUCK_MASK, PropertyId.NO_STORM,
            PropertyId.NO_SPURIOUS_INTERRUPT, PropertyId.WELL_FORMED);

    /**
     * What a sweep keeps of one configuration's check: enough for every table, and for shards to
     * be merged (a shard file carries outcomes, not traces).
     *
     * @param index    the configuration's position in enumeration order
     * @param verdicts per property of {@link #PROPERTIES}, in that order
     * @param states   distinct states explored
     */
    public record Outcome(int index, SweepConfig config, Map<PropertyId, Verdict.Kind> verdicts, long states) {
        public Outcome {
            verdicts = java.util.Collections.unmodifiableMap(new EnumMap<>(verdicts));
        }

        public boolean breaks(PropertyId p) {
            return verdicts.get(p) == Verdict.Kind.VIOLATED;
        }

        /** Every property holds: none violated and none left undecided by a limit. */
        public boolean safe() {
            return verdicts.values().stream().allMatch(k -> k == Verdict.Kind.HOLDS);
        }

        public boolean complete() {
            return verdicts.values().stream().noneMatch(k -> k == Verdict.Kind.INCONCLUSIVE);
        }
    }

    /** One checked configuration: its outcome, and the model and report its traces come from. */
    public record Checked(Outcome outcome, InterruptSystem model, CheckReport report) {
        public int index() {
            return outcome.index();
        }

        public SweepConfig config() {
            return outcome.config();
        }

        public boolean safe() {
            return outcome.safe();
        }

        /** The shortest trace breaking {@code p}; present when {@code p} is violated. */
        public java.util.Optional<dev.irqcheck.checker.trace.Trace> trace(PropertyId p) {
            return report.verdictOf(p.id()).trace();
        }
    }

    private final int threads;
    private final long maxStatesPerConfig;

    public SweepRunner(int threads, long maxStatesPerConfig) {
        this.threads = threads;
        this.maxStatesPerConfig = maxStatesPerConfig;
    }

    /** @param progress called with the number of configurations done so far (from worker threads) */
    public List<Checked> run(List<SweepConfig> configs, IntConsumer progress) {
        return run(configs, c -> true, progress);
    }

    /**
     * Checks the configurations {@code which} selects (a shard), each numbered by its position in
     * {@code configs}, the whole enumeration.
     */
    public List<Checked> run(List<SweepConfig> configs, java.util.function.Predicate<SweepConfig> which,
                             IntConsumer progress) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "irqcheck-sweep");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Integer> selected = new ArrayList<>();
            for (int i = 0; i < configs.size(); i++) {
                if (which.test(configs.get(i))) {
                    selected.add(i);
                }
            }
            // Largest first: a large configuration started last would leave the other threads
            // idle while it finishes. Results are still returned in enumeration order.
            double[] cost = new double[configs.size()];
            for (int i : selected) {
                cost[i] = estimatedLogStates(configs.get(i));
            }
            List<Integer> byCost = new ArrayList<>(selected);
            byCost.sort(java.util.Comparator.comparingDouble((Integer i) -> -cost[i]).thenComparingInt(i -> i));
            Map<Integer, Future<Checked>> futures = new java.util.HashMap<>();
            for (int index : byCost) {
                futures.put(index, pool.submit(() -> {
                    Checked c = check(index, configs.get(index));
                    progress.accept(done.incrementAndGet());
                    return c;
                }));
            }
            List<Checked> out = new ArrayList<>();
            for (int index : selected) {
                out.add(futures.get(index).get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A rough natural log of a configuration's state count, only to order the work: fitted on the
     * 81 configurations of {@code sweep --devices 3 --raises 2 --shard 1/40} (correlation 0.90),
     * where each device multiplies the states by about 30 and each SPI with a oneshot-threaded
     * driver by about 2.4; the dimensions' weights are guesses of the same kind.
     */
    static double estimatedLogStates(SweepConfig config) {
        Topology t = ArchForm.arm64Form(config.topology());
        double estimate = 3.4 * t.devices().size() - 0.35 * t.spis().size();
        for (SpiSpec spi : t.spis()) {
            if (spi.driver() == GuestDriver.ONESHOT_THREADED) {
                estimate += 0.9;
            }
        }
        for (IrqfdSpec f : t.irqfds()) {
            if (f.kind() == IrqfdKind.RESAMPLE) {
                estimate += 0.15;
            }
        }
        return estimate + 1.5 * (t.vcpus() - 1) + t.bounds().distributorWrites() + t.bounds().retargets();
    }

    public Checked check(int index, SweepConfig config) {
        InterruptSystem model = new InterruptSystem(config.topology(), config.variants());
        List<Claim> claims = new ArrayList<>();
        for (PropertyId p : PROPERTIES) {
            claims.add(p.claim(model));
        }
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(maxStatesPerConfig))
                .check(model, claims);
        Map<PropertyId, Verdict.Kind> verdicts = new EnumMap<>(PropertyId.class);
        for (PropertyId p : PROPERTIES) {
            verdicts.put(p, report.verdictOf(p.id()).kind());
        }
        return new Checked(new Outcome(index, config, verdicts, report.stats().distinctStates()), model, report);
    }
}
