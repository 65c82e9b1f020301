package dev.irqcheck.model.vgic;

/**
 * Where a vCPU thread is in the KVM run loop (arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl_run).
 * GUEST: running guest code with its list registers loaded. After an exit, kvm_vgic_sync_hwstate
 * runs in three steps that other CPUs can interleave with: ACK_NOTIFY (kvm_notify_acked_irq for
 * each EOI'd level LR, before any irq_lock), FOLD (vgic_fold_lr_state under the irq locks), PRUNE
 * (vgic_prune_ap_list). HOST: back in the host, about to flush and re-enter.
 */
public enum VcpuMode { GUEST, ACK_NOTIFY, FOLD, PRUNE, HOST }
