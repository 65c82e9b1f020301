#!/usr/bin/env bash
# run-bench.sh -- the engine benchmark on the handshake model (checker test class
# dev.irqcheck.checker.bench.Bench).  From anywhere:
#   bench/run-bench.sh [--n 5] [--shared] [--c 2] [--k 2] [--reps 3] [--warmup 1] [--threads T] [--compare]
#                       [--max-states S] [--memory-mb M]   (one limited run; exit 3 when a limit stopped it)
# then times every bundled scenario with `./irqcheck bench specs/scenarios`.
# --workload also times the real-workload set (`./irqcheck bench --set workload --threads 1,2`,
# WORKLOAD_REPS timed runs each, default 3) after the handshake, in the same run.
# --compare also builds and runs SPIN (-DBFS, DFS) and Rumur (1, 2 threads) on ../shared/bench
# (relative to the repository root) when they are installed. Heap: XMX (default 4g); extra JVM
# flags: JAVA_OPTS (e.g. JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/bench.jfr').
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
workload=0
args=()
for a in "$@"; do
  if [[ "$a" == --workload ]]; then workload=1; else args+=("$a"); fi
done
set -- "${args[@]+"${args[@]}"}"
cpfile="$root/checker/target/bench.classpath"
log=$(mktemp)
mvn -q -B -Dstyle.color=never -pl checker test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 1; }
rm -f "$log"
# Run from a private copy of the classes: a concurrent `mvn test` in the checker module would
# otherwise rewrite target/ under the running JVM.
snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
cp -r "$root/checker/target/classes" "$snap/classes"
cp -r "$root/checker/target/test-classes" "$snap/test-classes"
# shellcheck disable=SC2086
java -Xmx"${XMX:-4g}" ${JAVA_OPTS:-} \
  -cp "$snap/classes:$snap/test-classes:$(cat "$cpfile")" \
  dev.irqcheck.checker.bench.Bench "$@"
# The real workload beside the handshake: every bundled scenario (skipped for a limited run, for
# --tools-only, and for --help).
case " $* " in
  *" --max-states "*|*" --memory-mb "*|*" --tools-only "*|*" --help "*|*" -h "*) ;;
  *) echo; echo "irqcheck's own scenarios (./irqcheck bench specs/scenarios):"
     "$root/irqcheck" bench --reps 5 "$root/specs/scenarios" ;;
esac
if [[ $workload == 1 ]]; then
  echo; echo "the real workload (./irqcheck bench --set workload --threads 1,2 --reps ${WORKLOAD_REPS:-3}):"
  "$root/irqcheck" bench --set workload --threads 1,2 --reps "${WORKLOAD_REPS:-3}"
fi
