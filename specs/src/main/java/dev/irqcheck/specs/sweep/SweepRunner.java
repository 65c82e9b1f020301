package dev.irqcheck.specs.sweep;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.PropertyId;
import java.util.ArrayList;
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

    /** One checked configuration. */
    public record Checked(int index, SweepConfig config, InterruptSystem model, CheckReport report) {
        public boolean safe() {
            return report.results().stream().noneMatch(r -> r.verdict().isFailure()
                    || r.verdict().kind() == dev.irqcheck.checker.result.Verdict.Kind.INCONCLUSIVE);
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "irqcheck-sweep");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<Checked>> futures = new ArrayList<>();
            for (int i = 0; i < configs.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Checked c = check(index, configs.get(index));
                    progress.accept(done.incrementAndGet());
                    return c;
                }));
            }
            List<Checked> out = new ArrayList<>();
            for (Future<Checked> f : futures) {
                out.add(f.get());
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

    public Checked check(int index, SweepConfig config) {
        InterruptSystem model = new InterruptSystem(config.topology(), config.variants());
        List<Claim> claims = new ArrayList<>();
        for (PropertyId p : PROPERTIES) {
            claims.add(p.claim(model));
        }
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(maxStatesPerConfig))
                .check(model, claims);
        return new Checked(index, config, model, report);
    }
}
