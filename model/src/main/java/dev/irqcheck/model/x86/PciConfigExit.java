package dev.irqcheck.model.x86;

/**
 * The driver's PCI_COMMAND write (pci_intx) as an x86 vCPU exit, whichever interrupt controller
 * the guest uses: a port I/O (0xCF8/0xCFC) or MMCONFIG access that traps to QEMU, which completes it
 * (X86VcpuLoop: vfio_pci_write_config -> vfio_basic_config_write) before the vCPU re-enters.
 */
final class PciConfigExit {
    private PciConfigExit() {
    }

    static void write(X86Fields f, long[] n, int vcpu, int device) {
        f.exit[vcpu].set(n, X86Exit.PCI_COMMAND_WRITE);
        f.exitDevice[vcpu].set(n, device);
    }

    static boolean inFlight(X86Fields f, long[] s, int device) {
        for (int v = 0; v < f.exit.length; v++) {
            if (f.exit[v].is(s, X86Exit.PCI_COMMAND_WRITE) && f.exitDevice[v].get(s) == device) {
                return true;
            }
        }
        return false;
    }
}
