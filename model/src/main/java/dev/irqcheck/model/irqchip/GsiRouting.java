package dev.irqcheck.model.irqchip;

import dev.irqcheck.model.kvm.IrqSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A GSI routing table of IRQCHIP entries (virt/kvm/irqchip.c), with the irqchips it reaches.
 *
 * <p>setup_routing_entry refuses a second entry of the same irqchip for one GSI, but entries of
 * two irqchips are allowed (x86's default table routes GSIs 0-15 to the IOAPIC and the PIC), and
 * fills the reverse map {@code chip[irqchip][pin] = gsi}, the last entry for a pin winning.
 * kvm_set_irq copies the GSI's entries under SRCU and calls each entry's set() in turn; it inserts
 * with hlist_add_head and calls with {@code while (i--)}, so the calls come in table order.
 * Abstracted: no lock spans the calls, so another CPU could interleave between two chips' set();
 * here the fan-out is one step (docs/warts.md).
 */
public final class GsiRouting {
    private final List<ChipRoute> routes;
    private final Map<IrqChipKind, IrqChip> chips = new EnumMap<>(IrqChipKind.class);
    private final ChipRoute[][] routesOfGsi;
    private final Map<IrqChipKind, int[]> gsiOfPin = new EnumMap<>(IrqChipKind.class);

    public GsiRouting(List<ChipRoute> routes) {
        this.routes = List.copyOf(routes);
        int maxGsi = 0;
        for (ChipRoute r : routes) {
            maxGsi = Math.max(maxGsi, r.gsi());
        }
        List<List<ChipRoute>> byGsi = new ArrayList<>();
        for (int g = 0; g <= maxGsi; g++) {
            byGsi.add(new ArrayList<>());
        }
        for (ChipRoute r : this.routes) {
            for (ChipRoute other : byGsi.get(r.gsi())) {
                if (other.chip() == r.chip()) {
                    throw new IllegalArgumentException("GSI " + r.gsi() + " is routed to " + r.chip().spelling()
                            + " twice; setup_routing_entry refuses the same irqchip twice for one GSI");
                }
            }
            byGsi.get(r.gsi()).add(r);
            int[] reverse = gsiOfPin.computeIfAbsent(r.chip(), k -> filled(k == IrqChipKind.PIC_SLAVE ? 16 : k.pins()));
            reverse[kernelPin(r)] = r.gsi();
        }
        routesOfGsi = new ChipRoute[maxGsi + 1][];
        for (int g = 0; g <= maxGsi; g++) {
            routesOfGsi[g] = byGsi.get(g).toArray(new ChipRoute[0]);
        }
    }

    /**
     * kvm_set_routing_entry (arch/x86/kvm/irq.c): {@code case KVM_IRQCHIP_PIC_SLAVE:
     * e->irqchip.pin += PIC_NUM_PINS / 2; fallthrough;} so the slave's entries carry the PIC irq
     * 8..15, and setup_routing_entry's {@code rt->chip[irqchip][e->irqchip.pin] = gsi} files them there.
     */
    private static int kernelPin(ChipRoute r) {
        return r.chip() == IrqChipKind.PIC_SLAVE ? r.pin() + 8 : r.pin();
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /** Plugs an irqchip in; routes to a chip never plugged in are refused when they are called. */
    public GsiRouting plug(IrqChip chip) {
        chips.put(chip.kind(), chip);
        return this;
    }

    public List<ChipRoute> routes() { return routes; }

    /** The GSI's entries in call order. Callers must not modify the array. */
    public ChipRoute[] routesOf(int gsi) {
        return gsi >= 0 && gsi < routesOfGsi.length ? routesOfGsi[gsi] : new ChipRoute[0];
    }

    /** kvm_set_irq: every entry of the GSI, in table order, each through its chip's set(). */
    public void kvmSetIrq(long[] next, IrqSource source, int gsi, boolean level) {
        for (ChipRoute r : routesOf(gsi)) {
            IrqChip chip = chips.get(r.chip());
            if (chip == null) {
                throw new IllegalStateException("no " + r.chip().spelling() + " plugged in for GSI " + gsi);
            }
            chip.set(next, source, r.pin(), level);
        }
    }

    /**
     * kvm_irq_map_chip_pin: the reverse map kvm_notify_acked_irq(irqchip, pin) uses; -1 when unrouted.
     * For the IOAPIC the pin is the routing entry's. For the PICs it is the kernel's PIC irq: 0..7 on
     * the master and 8..15 on the slave, as pic_clear_isr passes it ({@code if (s !=
     * &s->pics_state->pics[0]) irq += 8; kvm_notify_acked_irq(kvm, SELECT_PIC(irq), irq)}), because
     * the slave's entries were filed at pin + 8 (see kernelPin).
     */
    public int gsiOf(IrqChipKind chip, int pin) {
        int[] reverse = gsiOfPin.get(chip);
        return reverse == null || pin < 0 || pin >= reverse.length ? -1 : reverse[pin];
    }

    /**
     * KVM's default x86 table (arch/x86/kvm/irq.c kvm_setup_default_ioapic_and_pic_routing, formerly
     * irq_comm.c kvm_setup_default_irq_routing): ROUTING_ENTRY2 for GSIs 0-15 (IOAPIC pin n, then
     * PIC pin n: master for 0-7, slave for 8-15, pin n % 8) and ROUTING_ENTRY1 for 16-23 (IOAPIC only).
     */
    public static List<ChipRoute> defaultX86() {
        List<ChipRoute> out = new ArrayList<>();
        for (int gsi = 0; gsi < 24; gsi++) {
            out.add(new ChipRoute(gsi, IrqChipKind.IOAPIC, gsi));
            if (gsi < 16) {
                out.add(new ChipRoute(gsi, gsi < 8 ? IrqChipKind.PIC_MASTER : IrqChipKind.PIC_SLAVE, gsi % 8));
            }
        }
        return out;
    }

    /**
     * QEMU's x86 table with the in-kernel irqchip (hw/i386/kvm/ioapic.c kvm_pc_setup_irq_routing,
     * read at qemu/qemu@109b2504): {@code for (i = 0; i < 8; ++i) { if (i == 2) continue;
     * kvm_irqchip_add_irq_route(s, i, KVM_IRQCHIP_PIC_MASTER, i); }}, then the slave for 8-15 (pin
     * i - 8), then with {@code pci_enabled} the IOAPIC for 0-23: {@code if (i == 0) ... IOAPIC, 2;
     * else if (i != 2) ... IOAPIC, i}. So GSI 0 reaches IOAPIC pin 2 and PIC pin 0, GSI 2 has no
     * route, and each GSI's PIC entry comes before its IOAPIC entry (the order the entries are
     * added in, which kvm_set_irq keeps).
     */
    public static List<ChipRoute> qemuX86() {
        List<ChipRoute> out = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            if (i != 2) {
                out.add(new ChipRoute(i, i < 8 ? IrqChipKind.PIC_MASTER : IrqChipKind.PIC_SLAVE, i % 8));
            }
        }
        for (int i = 0; i < 24; i++) {
            if (i == 0) {
                out.add(new ChipRoute(0, IrqChipKind.IOAPIC, 2));
            } else if (i != 2) {
                out.add(new ChipRoute(i, IrqChipKind.IOAPIC, i));
            }
        }
        return out;
    }
}
