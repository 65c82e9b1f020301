package dev.irqcheck.model.vgic;

/**
 * Where a vCPU thread is in the KVM run loop (arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl_run).
 * GUEST: running guest code with its list registers loaded. After an exit, kvm_vgic_sync_hwstate
 * runs in steps that other CPUs can interleave with. Up to Linux 6.18: ACK_NOTIFY
 * (kvm_notify_acked_irq for each EOI'd level LR, before any irq_lock), then the fold under the irq
 * locks, then PRUNE (vgic_prune_ap_list). Since the 6.19 rework: FOLD first, then
 * NOTIFY_AFTER_FOLD for the LRs the fold found deactivated, then prune. HOST: back in the host,
 * about to flush and re-enter.
 */
public enum VcpuMode { GUEST, ACK_NOTIFY, FOLD, NOTIFY_AFTER_FOLD, PRUNE, HOST }
