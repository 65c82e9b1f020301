/*
 * Dining philosophers, written to match dev.irqcheck.checker.fixtures.DiningPhilosophers
 * rule for rule: every d_step below is one rule of the Java model. There is one SPIN process
 * per rule and per philosopher (ME is the philosopher), so that SPIN's weak fairness (-f, per
 * SPIN process) is weak fairness of every rule, as in the Java tests. Each SPIN process sits
 * at the head of its do-loop between steps, so SPIN's state holds exactly the Java model's
 * fields. Philosopher i's left fork is fork i, its right fork fork (i+1)%N; each takes its
 * left fork first, except that with -DLAST_TAKES_RIGHT_FIRST the last one takes its right
 * fork first (the classic asymmetric fix).
 *
 * No end labels: a state where nobody can move is an invalid end state, so ./pan stops at
 * a shortest deadlock, and ./pan -E counts the full state space.
 * Commands (SPIN 6.5.2; "transitions" there counts the initial state too):
 *   spin -DN=3 -a dining.pml && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan && ./pan -E
 *   spin -DN=3 -DLAST_TAKES_RIGHT_FIRST -a dining.pml && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan
 */
#ifndef N
#define N 3
#endif
#ifdef LAST_TAKES_RIGHT_FIRST
#define ASYMMETRIC 1
#else
#define ASYMMETRIC 0
#endif

#define THINKING  0
#define HAS_ONE   1   /* holds its first fork, waits for its second */
#define EATING    2

#define ME        (_pid % N)   /* every proctype below is active [N]: pids kN .. kN+N-1 */
#define LEFT      ME
#define RIGHT     ((ME + 1) % N)
#define FIRST     ((ASYMMETRIC && ME == N - 1) -> RIGHT : LEFT)
#define SECOND    ((ASYMMETRIC && ME == N - 1) -> LEFT : RIGHT)

byte pc[N];      /* all THINKING */
bool taken[N];   /* all forks on the table */

active [N] proctype TakesFirstFork() {
  do :: d_step { pc[ME] == THINKING && !taken[FIRST] -> taken[FIRST] = true; pc[ME] = HAS_ONE } od
}

active [N] proctype TakesSecondFork() {
  do :: d_step { pc[ME] == HAS_ONE && !taken[SECOND] -> taken[SECOND] = true; pc[ME] = EATING } od
}

active [N] proctype PutsForksDown() {
  do :: d_step { pc[ME] == EATING -> taken[LEFT] = false; taken[RIGHT] = false; pc[ME] = THINKING } od
}

#ifdef LIVENESS
/* Cross-check of the starvation verdict (nested DFS; -f: weak fairness of every rule):
 *   spin -DN=3 -DLAST_TAKES_RIGHT_FIRST -DLIVENESS -a dining.pml
 *   gcc -DNOREDUCE -DNFAIR=4 -o pan pan.c && ./pan -a -f   (violated) */
ltl hungry_phil0_eats { [] (pc[0] == HAS_ONE -> <> (pc[0] == EATING)) }
#endif
