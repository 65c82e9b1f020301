package dev.irqcheck.model.x86;

import dev.irqcheck.model.guest.GuestIrqChip;

/**
 * What every x86 guest chip shares, the IOAPIC's and the 8259's alike: a vCPU runs guest code
 * when it has no exit pending, a register access traps as an exit KVM (or QEMU) completes before
 * the vCPU re-enters, and the driver's PCI_COMMAND write (pci_intx) is a port I/O (0xCF8/0xCFC)
 * or MMCONFIG exit that QEMU completes (X86VcpuLoop: vfio_pci_write_config ->
 * vfio_basic_config_write), whichever interrupt controller the guest uses.
 */
abstract class X86ChipBase implements GuestIrqChip {
    protected final X86Fields f;

    X86ChipBase(X86Fields fields) {
        this.f = fields;
    }

    @Override
    public final boolean runsGuestCode(long[] s, int vcpu) {
        return f.exit[vcpu].is(s, X86Exit.NONE);
    }

    /** The guest's access to {@code target} (an IOAPIC pin or a PIC line) traps as {@code exit}. */
    protected final void trap(long[] n, int vcpu, X86Exit exit, int target) {
        f.exit[vcpu].set(n, exit);
        f.exitPin[vcpu].set(n, target);
    }

    @Override
    public final void pciCommandWrite(long[] n, int vcpu, int device) {
        f.exit[vcpu].set(n, X86Exit.PCI_COMMAND_WRITE);
        f.exitDevice[vcpu].set(n, device);
    }

    @Override
    public final boolean pciCommandWriteInFlight(long[] s, int device) {
        for (int v = 0; v < f.exit.length; v++) {
            if (f.exit[v].is(s, X86Exit.PCI_COMMAND_WRITE) && f.exitDevice[v].get(s) == device) {
                return true;
            }
        }
        return false;
    }
}
