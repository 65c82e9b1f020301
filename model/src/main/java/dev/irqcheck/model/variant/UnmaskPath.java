package dev.irqcheck.model.variant;

/**
 * Who consumes the resamplefd and unmasks the host line.
 * KERNEL_VIRQFD: the resamplefd is VFIO's unmask eventfd; drivers/vfio/virqfd.c virqfd_wakeup runs
 * the unmask handler synchronously inside eventfd_signal. USERSPACE: QEMU polls the resamplefd and
 * later issues VFIO_DEVICE_SET_IRQS(ACTION_UNMASK): a separate, later step.
 */
public enum UnmaskPath { KERNEL_VIRQFD, USERSPACE }
