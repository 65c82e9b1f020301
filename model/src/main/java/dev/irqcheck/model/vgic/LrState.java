package dev.irqcheck.model.vgic;

/** A list register's state field (ICH_LR_EL2.State): invalid, pending, active, pending+active. */
public enum LrState { INVALID, PENDING, ACTIVE, PENDING_ACTIVE }
