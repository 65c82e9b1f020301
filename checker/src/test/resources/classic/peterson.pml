/*
 * Peterson's mutual exclusion for two processes, written to match
 * dev.irqcheck.checker.fixtures.Peterson rule for rule: every d_step below is one rule of
 * the Java model. There is one SPIN process per rule and per Peterson process (ME is the
 * Peterson process, 0 or 1), so that SPIN's weak fairness (-f, per SPIN process) is weak
 * fairness of every rule, as in the Java tests. Each SPIN process sits at the head of its
 * do-loop between steps, so SPIN's state holds exactly the Java model's fields.
 *
 * Full state space (SPIN 6.5.2; "transitions" there counts the initial state too):
 *   spin -a peterson.pml && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan
 * Broken variant (turn given before the flag is raised): ./pan stops at a shortest
 * mutual-exclusion violation; ./pan -A (assertions off) counts the full state space.
 *   spin -DTURN_BEFORE_FLAG -a peterson.pml && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan && ./pan -A
 */
#define IDLE        0   /* non-critical section */
#define FLAG_RAISED 1   /* correct variant: flag up, turn not yet given away */
#define TURN_GIVEN  2   /* broken variant: turn given away, flag not yet up */
#define WAITING     3   /* busy-waiting for the other process */
#define CRITICAL    4

#define ME          (_pid % 2)   /* every proctype below is active [2]: pids 2k and 2k+1 */
#define OTHER       (1 - ME)
#define MAY_ENTER   (!flag[OTHER] || turn == ME)

byte pc[2];             /* both IDLE */
bool flag[2];           /* both false */
byte turn = 0;

#ifndef TURN_BEFORE_FLAG
active [2] proctype RaisesFlag() {
end: do :: d_step { pc[ME] == IDLE -> flag[ME] = true; pc[ME] = FLAG_RAISED } od
}

active [2] proctype GivesTurn() {
end: do :: d_step { pc[ME] == FLAG_RAISED -> turn = OTHER; pc[ME] = WAITING } od
}
#else
active [2] proctype GivesTurn() {
end: do :: d_step { pc[ME] == IDLE -> turn = OTHER; pc[ME] = TURN_GIVEN } od
}

active [2] proctype RaisesFlag() {
end: do :: d_step { pc[ME] == TURN_GIVEN -> flag[ME] = true; pc[ME] = WAITING } od
}
#endif

active [2] proctype Enters() {
end: do :: d_step { pc[ME] == WAITING && MAY_ENTER ->
                    assert(pc[OTHER] != CRITICAL); pc[ME] = CRITICAL } od
}

active [2] proctype Spins() {
end: do :: d_step { pc[ME] == WAITING && !MAY_ENTER -> skip } od
}

active [2] proctype Exits() {
end: do :: d_step { pc[ME] == CRITICAL -> flag[ME] = false; pc[ME] = IDLE } od
}

#ifdef LIVENESS
/* Cross-check of the liveness verdicts (nested DFS; -f: weak fairness of every rule):
 *   spin -DLIVENESS -a peterson.pml && gcc -DNOREDUCE -DNFAIR=4 -o pan pan.c
 *   ./pan -a      (violated: no fairness)
 *   ./pan -a -f   (holds: weak fairness of every rule) */
ltl p0_trying_leads_to_critical {
  [] ((pc[0] == FLAG_RAISED || pc[0] == WAITING) -> <> (pc[0] == CRITICAL))
}
#endif
