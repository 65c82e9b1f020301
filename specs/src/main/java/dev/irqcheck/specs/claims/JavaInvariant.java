package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.system.InterruptSystem;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An invariant written as a Java predicate over a {@link StateView}: the same field names as
 * expressions and traces, read without any of the engine's types.
 */
public record JavaInvariant(String id, Predicate<StateView> predicate) implements ScenarioProperty {

    /** One state, read by field name ({@code host.dev0.depth}, {@code vcpu[0].mode}). */
    public interface StateView {
        /** A number, a boolean as 0 or 1, or an enum value's position. */
        long number(String field);

        /** A boolean field, or a number that is not 0. */
        default boolean isTrue(String field) {
            return number(field) != 0;
        }

        /** A field as traces print it: {@code true}, {@code 3}, {@code GUEST}. */
        String text(String field);
    }

    @Override
    public String definition() {
        return "user invariant (Java predicate)";
    }

    @Override
    public Claim claim(InterruptSystem model) {
        Map<String, Field> fields = new ConcurrentHashMap<>();
        StateLayout layout = model.layout();
        return new Claim.Always(id, words -> predicate.test(view(layout, fields, words)));
    }

    /** A view of {@code words}; an unknown field name throws an IllegalArgumentException naming it. */
    public static StateView view(StateLayout layout, long[] words) {
        return view(layout, new HashMap<>(), words);
    }

    /** {@code fields}: names already resolved, shared by every state the claim reads (the search's threads included). */
    private static StateView view(StateLayout layout, Map<String, Field> fields, long[] words) {
        return new StateView() {
            private Field field(String name) {
                return fields.computeIfAbsent(name, n -> layout.field(n).orElseThrow(
                        () -> new IllegalArgumentException("no field '" + n + "' in this model")));
            }

            @Override
            public long number(String name) {
                Field f = field(name);
                return f instanceof IntField i ? i.get(words) : f.raw(words);
            }

            @Override
            public String text(String name) {
                Field f = field(name);
                return f.format(f.raw(words));
            }
        };
    }
}
