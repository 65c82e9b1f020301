package dev.irqcheck.model.variant;

/** A variant value whose scenario spelling is not its constant's name in kebab case (e.g. {@code 6.18}). */
public interface Spelled {
    String spelling();
}
