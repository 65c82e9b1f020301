package dev.irqcheck.model.variant;

/**
 * Who consumes the resamplefd and unmasks the host line.
 * KERNEL_VIRQFD: the resamplefd is VFIO's unmask eventfd (VFIO_IRQ_SET_ACTION_UNMASK with
 * DATA_EVENTFD, as QEMU's vfio-platform and vfio-pci set it up); drivers/vfio/virqfd.c
 * virqfd_wakeup runs the unmask handler synchronously inside eventfd_signal.
 * USERSPACE: a VMM that polls the resamplefd itself and later issues
 * VFIO_DEVICE_SET_IRQS(ACTION_UNMASK), as VMMs without the kernel path do (e.g. the
 * cloud-hypervisor INTx fix, or QEMU's split-irqchip resample notifier): a separate, later step.
 */
public enum UnmaskPath { KERNEL_VIRQFD, USERSPACE }
