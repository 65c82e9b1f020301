/*
 * Alternating-bit protocol over lossy one-slot channels, written to match
 * dev.irqcheck.checker.fixtures.AlternatingBit rule for rule: every d_step below is one
 * rule of the Java model, and each process sits at the head of its do-loop between
 * steps, so SPIN's state holds exactly the Java model's fields. An empty slot has its
 * bit and payload reset to 0, as in the Java model, so equal contents give equal states.
 *
 * Loss, by default, happens in transit: a transmission either lands in the slot or is
 * lost without trace (a self-loop). With -DLOSS_FROM_SLOT the slot's content is lost
 * instead. -DRECEIVER_IGNORES_BIT is a broken receiver that takes every frame as new.
 *
 * The assertion reads the log back: spin -a silently drops write-only variables from the
 * state vector (unless run with -o2); without the read, states differing only in the log
 * would be merged.
 *
 * Commands (SPIN 6.5.2; "transitions" there counts the initial state too; -A turns
 * the delivered-order assertion off so the broken variant is counted in full):
 *   spin -DN=2 -a abp.pml && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan
 *   spin -DN=2 -DLOSS_FROM_SLOT -a abp.pml && ...
 *   spin -DN=2 -DRECEIVER_IGNORES_BIT -a abp.pml && ... && ./pan && ./pan -A
 */
#ifndef N
#define N 2                  /* messages to send: payloads 0..N-1, in order */
#endif

byte senderIndex = 0;        /* next message to get acknowledged; N when done */
bool senderBit = 0;

bool dataFull = 0;           /* the data channel's one slot */
bool dataBit = 0;
byte dataPayload = 0;

bool receiverBit = 0;        /* bit of the next new frame */
bool ackPending = 0;         /* a frame came in and has not been acknowledged yet */
byte deliveredCount = 0;
byte delivered[N];

bool ackFull = 0;            /* the ack channel's one slot */
bool ackBit = 0;

#ifdef RECEIVER_IGNORES_BIT
#define IS_NEW_FRAME   (deliveredCount < N)
#else
#define IS_NEW_FRAME   (dataBit == receiverBit)
#endif

/*
 * One process per rule: SPIN's weak fairness (-f) is per process, so this way it is weak
 * fairness of every rule, as in the Java tests. The processes never leave their loop heads,
 * so the split adds nothing to the state.
 */
active proctype SenderTransmitsFrame() {
end: do :: d_step { senderIndex < N && !dataFull ->
                    dataFull = 1; dataBit = senderBit; dataPayload = senderIndex } od
}

active proctype SenderAcceptsAck() {
end: do :: d_step { ackFull && ackBit == senderBit && senderIndex < N ->
                    senderIndex++; senderBit = !senderBit; ackFull = 0; ackBit = 0 } od
}

active proctype SenderIgnoresStaleAck() {
end: do :: d_step { ackFull && !(ackBit == senderBit && senderIndex < N) ->
                    ackFull = 0; ackBit = 0 } od
}

active proctype ReceiverAcceptsFrame() {
end: do :: d_step { dataFull && IS_NEW_FRAME ->
                    delivered[deliveredCount] = dataPayload;
                    assert(delivered[deliveredCount] == deliveredCount);   /* delivered in order */
                    deliveredCount++;
                    receiverBit = !receiverBit; ackPending = 1;
                    dataFull = 0; dataBit = 0; dataPayload = 0 } od
}

active proctype ReceiverDiscardsDuplicate() {
end: do :: d_step { dataFull && !IS_NEW_FRAME ->
                    ackPending = 1; dataFull = 0; dataBit = 0; dataPayload = 0 } od
}

active proctype ReceiverTransmitsAck() {
end: do :: d_step { ackPending && !ackFull ->
                    ackFull = 1; ackBit = !receiverBit; ackPending = 0 } od
}

#ifndef LOSS_FROM_SLOT
active proctype ChannelLosesFrameInTransit() {
end: do :: d_step { senderIndex < N && !dataFull -> skip } od
}

active proctype ChannelLosesAckInTransit() {
end: do :: d_step { ackPending && !ackFull -> skip } od
}
#else
active proctype ChannelLosesFrameFromSlot() {
end: do :: d_step { dataFull -> dataFull = 0; dataBit = 0; dataPayload = 0 } od
}

active proctype ChannelLosesAckFromSlot() {
end: do :: d_step { ackFull -> ackFull = 0; ackBit = 0 } od
}
#endif

#ifdef LIVENESS
/* Cross-check of the liveness verdicts (nested DFS; -f: weak fairness of every process,
 * here of every rule):
 *   spin -DN=3 -DLIVENESS -a abp.pml && gcc -DNOREDUCE -DNFAIR=3 -o pan pan.c
 *   ./pan -a (violated)   ./pan -a -f (holds)
 *   the same with -DLOSS_FROM_SLOT: ./pan -a -f (violated) */
ltl eventually_all_delivered { <> (deliveredCount == N) }
#endif
