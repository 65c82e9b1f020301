package dev.irqcheck.model.variant;

/**
 * Mutations of KVM's i8259 (arch/x86/kvm/i8259.c) a design review can ask about (x86 with pic:
 * unmasked only); the kernel is NONE.
 * CLEAR_ISR_AFTER_NOTIFIERS: pic_clear_isr clears the ISR bit after re-taking pic->lock instead of
 * before dropping it. NO_SLAVE_OFFSET: pic_clear_isr notifies with the slave's irq & 7 (no {@code
 * irq += 8}), so SELECT_PIC picks the master. CLEAR_LEVEL_IRR_ON_INTACK: pic_intack clears irr for
 * an ELCR level line too ("We don't clear a level sensitive interrupt here").
 */
public enum PicMutation { NONE, CLEAR_ISR_AFTER_NOTIFIERS, NO_SLAVE_OFFSET, CLEAR_LEVEL_IRR_ON_INTACK }
