package dev.irqcheck.model.properties;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.model.guest.ThreadStage;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The guest's execution discipline, judged on every transition of the reachable state graph,
 * from the fields a step changes (not from rule names, so a rogue rule cannot hide):
 * <ol>
 * <li>a trapped access is issued only by a vCPU in guest mode, and takes it out of guest mode;</li>
 * <li>the guest's CPU interface (ICV_IAR, ICV_EOIR) and its hard-interrupt state change only on a
 * vCPU in guest mode;</li>
 * <li>distributor state the guest programs (enable, target, trigger configuration) changes only
 * when KVM completes a trapped access to that SPI, after the issuing vCPU's exit;</li>
 * <li>desc->lock: at most one mask, unmask or affinity access per SPI is in flight, so a context's
 * next call on the IRQ follows its previous access's completion;</li>
 * <li>an assigned device is serviced only while some vCPU runs guest code; an emulated device only
 * when QEMU completes the trapped access to it;</li>
 * <li>a oneshot irq thread runs on the vCPU the IRQ's affinity names, in guest mode;</li>
 * <li>a VFIO-PCI device's INTx is enabled for the guest (virq_disabled cleared) only when QEMU
 * completes a trapped PCI_COMMAND write for that device.</li>
 * </ol>
 * On x86 the same discipline is judged on the IOAPIC and LAPICs ({@link X86ContextDiscipline}).
 */
final class ContextDiscipline {
    private final TransitionSystem system;
    private final Topology t;
    private final InterruptLayout f;
    private final X86ContextDiscipline x86;

    ContextDiscipline(TransitionSystem system, Topology topology, InterruptLayout fields) {
        this.system = system;
        this.t = topology;
        this.f = fields;
        this.x86 = topology.x86() == null ? null : new X86ContextDiscipline(topology, fields);
    }

    /** The outcome of a bounded exhaustive check: the first broken clause (with the rule), or none; and whether it finished. */
    record Outcome(Optional<String> violation, boolean complete, int states) {
    }

    Outcome check(int maxStates) {
        Set<LongBuffer> seen = new HashSet<>();
        ArrayDeque<long[]> frontier = new ArrayDeque<>();
        long[] init = system.initialStates().get(0).words();
        seen.add(LongBuffer.wrap(init.clone()));
        frontier.add(init);
        while (!frontier.isEmpty()) {
            if (seen.size() > maxStates) {
                return new Outcome(Optional.empty(), false, seen.size());
            }
            long[] s = frontier.poll();
            for (Rule r : system.rules()) {
                if (!r.enabled(s)) {
                    continue;
                }
                long[] n = s.clone();
                r.apply(s, n);
                String broken = clauseBroken(s, n);
                if (broken != null) {
                    return new Outcome(Optional.of(broken + " (rule: " + r.name() + ")"), true, seen.size());
                }
                if (seen.add(LongBuffer.wrap(n))) {
                    frontier.add(n);
                }
            }
        }
        return new Outcome(Optional.empty(), true, seen.size());
    }

    private boolean inGuest(long[] s, int v) {
        return f.vcpu.mode[v].is(s, VcpuMode.GUEST);
    }

    /** The vCPU whose trapped access to the SPI KVM completes in this transition, or -1. */
    private int completedAccessOn(long[] s, long[] n, int spi) {
        for (int v = 0; v < t.vcpus(); v++) {
            MmioOp before = f.vcpu.mmio[v].get(s);
            MmioOp after = f.vcpu.mmio[v].get(n);
            if (before != MmioOp.NONE && before != after && (after == MmioOp.NONE || after == MmioOp.NOTIFY_RESAMPLER)
                    && f.vcpu.mmioSpi[v].get(s) == spi && !inGuest(s, v)) {
                return v;
            }
        }
        return -1;
    }

    private boolean emulatedAccessCompletes(long[] s, long[] n, int device) {
        int spi = t.irqLineSpiOfDevice(device);
        int v = spi < 0 ? -1 : completedAccessOn(s, n, spi);
        return v >= 0 && f.vcpu.mmio[v].get(s) == MmioOp.EMULATED_ACCESS;
    }

    private boolean pciCommandWriteCompletes(long[] s, long[] n, int device) {
        for (int v = 0; v < t.vcpus(); v++) {
            if (f.vcpu.mmio[v].is(s, MmioOp.PCI_COMMAND_WRITE) && f.vcpu.mmio[v].is(n, MmioOp.NONE)
                    && f.vcpu.mmioArg[v].get(s) == device && !inGuest(s, v)) {
                return true;
            }
        }
        return false;
    }

    String clauseBroken(long[] s, long[] n) {
        String chip = x86 != null ? x86.chipClauseBroken(s, n) : vgicClauseBroken(s, n);
        return chip != null ? chip : deviceClauseBroken(s, n);
    }

    // Clauses 1-4 and 6 on the VGIC.
    private String vgicClauseBroken(long[] s, long[] n) {
        for (int v = 0; v < t.vcpus(); v++) {
            MmioOp before = f.vcpu.mmio[v].get(s);
            MmioOp after = f.vcpu.mmio[v].get(n);
            if (before == MmioOp.NONE && after != MmioOp.NONE && (!inGuest(s, v) || inGuest(n, v))) {
                return "1: vCPU " + v + " issued " + after + " outside guest mode or stayed in it";
            }
            boolean guestState = f.guest.handlingSpi[v].get(s) != f.guest.handlingSpi[v].get(n)
                    || f.guest.hardIrq[v].get(s) != f.guest.hardIrq[v].get(n);
            for (int l = 0; l < t.listRegisters(); l++) {
                boolean cpuInterface = f.vcpu.lrUsed[v][l].get(s) && f.vcpu.lrUsed[v][l].get(n)
                        && f.vcpu.lrSpi[v][l].get(s) == f.vcpu.lrSpi[v][l].get(n)
                        && f.vcpu.lrState[v][l].get(s) != f.vcpu.lrState[v][l].get(n)
                        && (f.vcpu.lrState[v][l].get(s) == LrState.PENDING && f.vcpu.lrState[v][l].get(n) == LrState.ACTIVE
                            || f.vcpu.lrState[v][l].get(s) == LrState.ACTIVE || f.vcpu.lrState[v][l].get(s) == LrState.PENDING_ACTIVE);
                guestState |= cpuInterface && f.vcpu.mode[v].get(s) == f.vcpu.mode[v].get(n);
            }
            if (guestState && !inGuest(s, v)) {
                return "2: vCPU " + v + "'s guest CPU interface or hard-interrupt state changed outside guest mode";
            }
        }
        for (int x = 0; x < t.spis().size(); x++) {
            boolean programmed = f.distributor.spiEnabled[x].get(s) != f.distributor.spiEnabled[x].get(n)
                    || f.distributor.spiTarget[x].get(s) != f.distributor.spiTarget[x].get(n) || f.distributor.spiEdge[x].get(s) != f.distributor.spiEdge[x].get(n);
            if (programmed && completedAccessOn(s, n, x) < 0) {
                return "3: SPI " + t.spis().get(x).intid() + "'s enable, target or configuration changed with no trapped access completing";
            }
            int locked = 0;
            for (int v = 0; v < t.vcpus(); v++) {
                if (f.vcpu.mmio[v].get(n).underDescLock() && f.vcpu.mmioSpi[v].get(n) == x) {
                    locked++;
                }
            }
            if (locked > 1) {
                return "4: two mask/unmask/affinity accesses to SPI " + t.spis().get(x).intid() + " in flight (desc->lock)";
            }
            if (f.guest.thread[x].is(s, ThreadStage.WOKEN) && f.guest.thread[x].is(n, ThreadStage.RAN)) {
                int runsOn = f.guest.threadVcpu[x].get(n);
                if (runsOn != f.distributor.spiTarget[x].get(s) || !inGuest(s, runsOn)) {
                    return "6: SPI " + t.spis().get(x).intid() + "'s irq thread ran on vCPU " + runsOn + ", not on its affinity in guest mode";
                }
            }
        }
        return null;
    }

    // Clauses 5 and 7, on either irqchip: the vCPUs' trapped accesses are the chip's.
    private String deviceClauseBroken(long[] s, long[] n) {
        for (int d = 0; d < t.devices().size(); d++) {
            boolean enabledByQemu = x86 != null ? x86.pciCommandWriteCompletes(s, n, d) : pciCommandWriteCompletes(s, n, d);
            if (f.host.virqDisabled[d].get(s) && !f.host.virqDisabled[d].get(n) && !enabledByQemu) {
                return "7: device " + t.devices().get(d).name() + "'s INTx enabled with no trapped PCI_COMMAND write completing";
            }
        }
        for (int d = 0; d < t.devices().size(); d++) {
            if (!f.device.deviceCondition[d].get(s) || f.device.deviceCondition[d].get(n)) {
                continue;
            }
            if (t.devices().get(d).handler() == HostHandlerKind.QEMU_EMULATED) {
                if (!(x86 != null ? x86.emulatedAccessCompletes(s, n) : emulatedAccessCompletes(s, n, d))) {
                    return "5: emulated device " + t.devices().get(d).name() + " serviced without QEMU completing a trapped access";
                }
            } else {
                boolean anyInGuest = false;
                for (int v = 0; v < t.vcpus(); v++) {
                    anyInGuest |= x86 != null ? x86.inGuest(s, v) : inGuest(s, v);
                }
                if (!anyInGuest) {
                    return "5: assigned device " + t.devices().get(d).name() + " serviced while no vCPU runs guest code";
                }
            }
        }
        return null;
    }
}
