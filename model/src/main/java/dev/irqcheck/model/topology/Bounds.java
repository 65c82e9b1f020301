package dev.irqcheck.model.topology;

/**
 * Bounds on the adversarial steps a run may take, so every run is finite.
 *
 * @param otherExitsPerVcpu exits of each vCPU for reasons outside the model (timer tick, MMIO,
 *                          WFI): each one folds and prunes at an arbitrary moment
 * @param retargets         guest writes to GICD_IROUTER (moving an SPI to another vCPU), in total
 * @param distributorWrites arbitrary guest writes to GICD_ICENABLER (with the owed re-enable) and
 *                          GICD_I{S,C}PENDR, in total
 * @param activeWrites      guest deactivations through GICD_ICACTIVER instead of EOI, in total
 * @param reassigns         KVM_IRQFD deassign/re-assign cycles of any irqfd, in total
 * @param configWrites      guest GICD_ICFGR writes flipping an SPI between level and edge, in total
 * @param rawPendingWrites  whether the distributor-write budget also covers raw GICD_I{S,C}PENDR writes
 *                          (no Linux IRQ API call makes them); false leaves only disable_irq/enable_irq
 */
public record Bounds(int otherExitsPerVcpu, int retargets, int distributorWrites, int activeWrites, int reassigns,
                     int configWrites, boolean rawPendingWrites) {
    public Bounds(int otherExitsPerVcpu, int retargets) {
        this(otherExitsPerVcpu, retargets, 0, 0, 0, 0);
    }

    public Bounds(int otherExitsPerVcpu, int retargets, int distributorWrites, int activeWrites, int reassigns,
                  int configWrites) {
        this(otherExitsPerVcpu, retargets, distributorWrites, activeWrites, reassigns, configWrites, true);
    }

    public Bounds {
        if (configWrites < 0 || configWrites > 2) {
            throw new IllegalArgumentException("config writes must be 0..2, got " + configWrites);
        }
        if (reassigns < 0 || reassigns > 2) {
            throw new IllegalArgumentException("reassigns must be 0..2, got " + reassigns);
        }
        if (activeWrites < 0 || activeWrites > 2) {
            throw new IllegalArgumentException("active writes must be 0..2, got " + activeWrites);
        }
        if (distributorWrites < 0 || distributorWrites > 3) {
            throw new IllegalArgumentException("distributor writes must be 0..3, got " + distributorWrites);
        }
        if (otherExitsPerVcpu < 0 || otherExitsPerVcpu > 3) {
            throw new IllegalArgumentException("other exits per vCPU must be 0..3, got " + otherExitsPerVcpu);
        }
        if (retargets < 0 || retargets > 3) {
            throw new IllegalArgumentException("retargets must be 0..3, got " + retargets);
        }
    }

    /** One spontaneous exit per vCPU, no retargeting. */
    public static Bounds defaults() {
        return new Bounds(1, 0);
    }
}
