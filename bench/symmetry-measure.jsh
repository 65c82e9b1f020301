// Stored states of the safety claims with no symmetry, device symmetry only, and device + wiring
// symmetry (issue 14 item 3), per combination of each scenario given in SCENARIOS (space-separated
// files), one thread. Liveness claims are left out (this table predates symmetry under liveness;
// README "Performance" times those separately, bench/symmetry/liveness).
// Run from the repository root after a build:
//   SCENARIOS="$(find specs/scenarios -name '*.yaml' | sort)" jshell -R-Xmx8g --class-path specs/target/irqcheck.jar bench/symmetry-measure.jsh
import dev.irqcheck.checker.api.*;
import dev.irqcheck.checker.search.*;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.scenario.*;
import dev.irqcheck.specs.bench.WorkloadSet;
import java.nio.file.*;
import java.util.*;

// The model with its device swaps only (DeviceSymmetry is package-private: reached by reflection here).
TransitionSystem devicesOnly(InterruptSystem m, Scenario s) throws Exception {
    var of = Class.forName("dev.irqcheck.model.system.DeviceSymmetry").getDeclaredMethods();
    java.lang.reflect.Method factory = Arrays.stream(of).filter(x -> x.getName().equals("of")).findFirst().get();
    factory.setAccessible(true);
    var v = m.getClass().getDeclaredField("variants"); v.setAccessible(true);
    var d = m.getClass().getDeclaredField("devices"); d.setAccessible(true);
    var h = m.getClass().getDeclaredField("host"); h.setAccessible(true);
    var f = m.getClass().getDeclaredField("irqfds"); f.setAccessible(true);
    @SuppressWarnings("unchecked")
    Optional<Symmetry> sym = (Optional<Symmetry>) factory.invoke(null, m.topology(), d.get(m), h.get(m), f.get(m), v.get(m));
    return new TransitionSystem() {
        public dev.irqcheck.checker.state.StateLayout layout() { return m.layout(); }
        public List<dev.irqcheck.checker.state.State> initialStates() { return m.initialStates(); }
        public List<Rule> rules() { return m.rules(); }
        public Optional<Symmetry> symmetry() { return sym; }
    };
}

long states(TransitionSystem t, List<Claim> claims, boolean symmetry) {
    var r = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(50_000_000).withSymmetry(symmetry)).check(t, claims);
    return r.stats().complete() ? r.stats().distinctStates() : -r.stats().distinctStates();
}

List<Scenario> scenarios = new ArrayList<>();
String files = System.getenv("SCENARIOS");
if (files == null || files.isBlank()) {
    scenarios.addAll(WorkloadSet.all().subList(0, 4));
} else {
    for (String p : files.trim().split("\\s+")) {
        scenarios.add(new ScenarioParser().parse(Path.of(p), Files.readString(Path.of(p))));
    }
}
System.out.println("| scenario | combination | wiring automorphisms | no symmetry | devices | devices + wiring | full / reduced |");
System.out.println("|---|---|---|---|---|---|---|");
for (Scenario s : scenarios) {
    for (Combination c : s.combinations()) {
        InterruptSystem m = s.modelOf(c);
        List<Claim> claims = s.claimsOn(m).stream().filter(x -> !x.isLiveness()).toList();
        int group = m.wiringImages(m.initialStates().get(0).words()).size();
        long none = states(m, claims, false);
        long devices = states(devicesOnly(m, s), claims, true);
        long both = states(m, claims, true);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %,d | %,d | %,d | %.2f |%n", s.file().getFileName(), c.label(), group,
                none, devices, both, (double) none / both);
    }
}
/exit
