package dev.irqcheck.model.system;

/**
 * A lane of the sequence diagram: the component a rule belongs to, or whose state a field is.
 * Order of the kinds is the left-to-right order of the lanes, following the interrupt's path.
 */
public record Lane(Kind kind, int index) implements Comparable<Lane> {
    public enum Kind {
        DEVICE("device"), HOST("host / VFIO"), EVENTFD("eventfds"), IRQFD("KVM irqfd"), RESAMPLER("resampler"),
        VMM("VMM (userspace)"), VGIC("VGIC distributor"), VCPU("vCPU"), GUEST("guest");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public String label() {
        return kind == Kind.VCPU || kind == Kind.GUEST ? kind.label + " " + index : kind.label;
    }

    @Override
    public int compareTo(Lane o) {
        if (kind == o.kind) {
            return Integer.compare(index, o.index);
        }
        // vCPU i and guest i sit next to each other.
        boolean aCpu = kind == Kind.VCPU || kind == Kind.GUEST;
        boolean bCpu = o.kind == Kind.VCPU || o.kind == Kind.GUEST;
        if (aCpu && bCpu) {
            return index != o.index ? Integer.compare(index, o.index) : kind.compareTo(o.kind);
        }
        return kind.compareTo(o.kind);
    }
}
