package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * A small boolean expression over a model's field names, parsed once and compiled per layout
 * into a predicate that reads packed words through field handles (no name lookups while
 * checking).
 *
 * <pre>
 * expr   := or
 * or     := and ('||' and)*
 * and    := unary ('&amp;&amp;' unary)*
 * unary  := '!' unary | '(' expr ')' | cmp
 * cmp    := value (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') value)?
 * value  := NUMBER | 'true' | 'false' | FIELD | '`' QUOTED '`' | CONSTANT
 * </pre>
 * FIELD is a field name as traces print it ({@code vgic.spi[37].line_level}); a name with
 * characters other than letters, digits, {@code _ . [ ]} (a device called {@code vfio-nic} or
 * {@code my disk}) is written between backquotes, {@code `host.vfio-nic.depth`}, where a
 * backquote of the name itself is doubled. CONSTANT is an
 * enum value of the field it is compared with ({@code vcpu[0].mode == GUEST}). Booleans compare
 * as 0 and 1. A lone value is true when it is not 0.
 */
public final class FieldExpression {
    /** The most characters an expression may have. */
    public static final int MAX_LENGTH = 4096;
    /** The most levels of parentheses and {@code !} an expression may nest (the parser recurses per level). */
    public static final int MAX_NESTING = 32;

    private final String text;
    private final Node root;

    private FieldExpression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** A parse or name error, with the 0-based offset in the expression text. */
    public static final class ExpressionException extends Exception {
        private final int offset;

        ExpressionException(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    public String text() {
        return text;
    }

    /** Parses and checks every name against {@code layout} (any layout of the same topology has the same names). */
    public static FieldExpression parse(String text, StateLayout layout) throws ExpressionException {
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException(MAX_LENGTH, "an expression of " + text.length() + " characters; at most " + MAX_LENGTH);
        }
        Parser p = new Parser(text, layout);
        Node root = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new ExpressionException(p.pos, "unexpected '" + text.charAt(p.pos) + "'");
        }
        root.check();
        return new FieldExpression(text, root);
    }

    /** The predicate over packed words of this layout. */
    public StatePredicate compile(StateLayout layout) {
        ToLongFunction<long[]> f = root.compile(layout);
        return s -> f.applyAsLong(s) != 0;
    }

    // ---- syntax tree ----

    private interface Node {
        ToLongFunction<long[]> compile(StateLayout layout);

        /** The enum type of a field reference, for resolving constants on the other side. */
        default Class<?> enumType() {
            return null;
        }

        default void check() throws ExpressionException {
        }
    }

    private record Literal(long value) implements Node {
        public ToLongFunction<long[]> compile(StateLayout layout) {
            return s -> value;
        }
    }

    private record FieldRef(String name, int offset, Field field) implements Node {
        public ToLongFunction<long[]> compile(StateLayout layout) {
            Field f = layout.field(name).orElseThrow();
            if (f instanceof IntField i) {
                return i::get;
            }
            // Booleans read as 0/1 and enums as their ordinal: the raw bits already are that.
            return f::raw;
        }

        public Class<?> enumType() {
            return field instanceof EnumField<?> ? field.decode(0).getClass() : null;
        }
    }

    /** An enum constant name, resolved against the field on the other side of a comparison. */
    private static final class Constant implements Node {
        final String name;
        final int offset;
        long ordinal = -1;

        Constant(String name, int offset) {
            this.name = name;
            this.offset = offset;
        }

        public ToLongFunction<long[]> compile(StateLayout layout) {
            long v = ordinal;
            return s -> v;
        }

        public void check() throws ExpressionException {
            if (ordinal < 0) {
                throw new ExpressionException(offset, "unknown field or value '" + name + "'");
            }
        }

        void resolve(Class<?> type) throws ExpressionException {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(c.toString());
                if (c.toString().equals(name)) {
                    ordinal = ((Enum<?>) c).ordinal();
                }
            }
            if (ordinal < 0) {
                throw new ExpressionException(offset, "'" + name + "' is not one of " + names);
            }
        }
    }

    private record Compare(String op, Node left, Node right) implements Node {
        public ToLongFunction<long[]> compile(StateLayout layout) {
            ToLongFunction<long[]> a = left.compile(layout);
            ToLongFunction<long[]> b = right.compile(layout);
            return switch (op) {
                case "==" -> s -> a.applyAsLong(s) == b.applyAsLong(s) ? 1 : 0;
                case "!=" -> s -> a.applyAsLong(s) != b.applyAsLong(s) ? 1 : 0;
                case "<" -> s -> a.applyAsLong(s) < b.applyAsLong(s) ? 1 : 0;
                case "<=" -> s -> a.applyAsLong(s) <= b.applyAsLong(s) ? 1 : 0;
                case ">" -> s -> a.applyAsLong(s) > b.applyAsLong(s) ? 1 : 0;
                default -> s -> a.applyAsLong(s) >= b.applyAsLong(s) ? 1 : 0;
            };
        }

        public void check() throws ExpressionException {
            left.check();
            right.check();
        }
    }

    private record Not(Node inner) implements Node {
        public ToLongFunction<long[]> compile(StateLayout layout) {
            ToLongFunction<long[]> a = inner.compile(layout);
            return s -> a.applyAsLong(s) == 0 ? 1 : 0;
        }

        public void check() throws ExpressionException {
            inner.check();
        }
    }

    /** A chain {@code a && b && c} (or {@code ||}) as one node, so a long chain is not a deep tree. */
    private record Logic(boolean isAnd, List<Node> operands) implements Node {
        public ToLongFunction<long[]> compile(StateLayout layout) {
            @SuppressWarnings("unchecked")
            ToLongFunction<long[]>[] parts = new ToLongFunction[operands.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = operands.get(i).compile(layout);
            }
            // The value that decides the chain early: false for &&, true for ||.
            boolean decisive = !isAnd;
            return s -> {
                for (ToLongFunction<long[]> part : parts) {
                    if ((part.applyAsLong(s) != 0) == decisive) {
                        return decisive ? 1 : 0;
                    }
                }
                return decisive ? 0 : 1;
            };
        }

        public void check() throws ExpressionException {
            for (Node n : operands) {
                n.check();
            }
        }
    }

    // ---- recursive descent ----

    private static final class Parser {
        final String text;
        final StateLayout layout;
        int pos;
        int nesting;

        Parser(String text, StateLayout layout) {
            this.text = text;
            this.layout = layout;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String token) {
            skipSpace();
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        Node or() throws ExpressionException {
            List<Node> operands = new ArrayList<>(List.of(and()));
            while (eat("||")) {
                operands.add(and());
            }
            return operands.size() == 1 ? operands.get(0) : new Logic(false, operands);
        }

        Node and() throws ExpressionException {
            List<Node> operands = new ArrayList<>(List.of(unary()));
            while (eat("&&")) {
                operands.add(unary());
            }
            return operands.size() == 1 ? operands.get(0) : new Logic(true, operands);
        }

        Node unary() throws ExpressionException {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '!' && !text.startsWith("!=", pos)) {
                enter();
                pos++;
                Node n = new Not(unary());
                nesting--;
                return n;
            }
            if (eat("(")) {
                enter();
                Node n = or();
                if (!eat(")")) {
                    throw new ExpressionException(pos, "expected ')'");
                }
                nesting--;
                return n;
            }
            return comparison();
        }

        private void enter() throws ExpressionException {
            if (++nesting > MAX_NESTING) {
                throw new ExpressionException(pos, "parentheses and ! nested more than " + MAX_NESTING + " levels deep");
            }
        }

        Node comparison() throws ExpressionException {
            Node left = value();
            skipSpace();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    Node right = value();
                    resolveConstants(left, right);
                    return new Compare(op, left, right);
                }
            }
            return left;
        }

        void resolveConstants(Node left, Node right) throws ExpressionException {
            if (right instanceof Constant c && left.enumType() != null) {
                c.resolve(left.enumType());
            }
            if (left instanceof Constant c && right.enumType() != null) {
                c.resolve(right.enumType());
            }
        }

        Node value() throws ExpressionException {
            skipSpace();
            int start = pos;
            if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
                pos++;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                try {
                    return new Literal(Long.parseLong(text.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw new ExpressionException(start, "not a number: '" + text.substring(start, pos) + "'");
                }
            }
            if (pos < text.length() && text.charAt(pos) == '`') {
                return quotedField(start);
            }
            while (pos < text.length() && isNameChar(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw new ExpressionException(pos, pos < text.length()
                        ? "unexpected '" + text.charAt(pos) + "'" : "expression ends too early");
            }
            String name = text.substring(start, pos);
            if (name.equals("true")) {
                return new Literal(1);
            }
            if (name.equals("false")) {
                return new Literal(0);
            }
            var field = layout.field(name);
            if (field.isPresent()) {
                return new FieldRef(name, start, field.get());
            }
            if (name.equals(name.toUpperCase(Locale.ROOT)) && Character.isLetter(name.charAt(0))) {
                return new Constant(name, start);
            }
            throw new ExpressionException(start, "unknown field '" + name + "'" + suggestion(name));
        }

        /** {@code `NAME`} (a doubled backquote stands for one): always a field, never a constant. */
        Node quotedField(int start) throws ExpressionException {
            StringBuilder name = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw new ExpressionException(start, "a quoted field name has no closing `");
                }
                char c = text.charAt(pos++);
                if (c != '`') {
                    name.append(c);
                } else if (pos < text.length() && text.charAt(pos) == '`') {
                    name.append('`');
                    pos++;
                } else {
                    break;
                }
            }
            var field = layout.field(name.toString());
            if (field.isEmpty()) {
                throw new ExpressionException(start, "unknown field " + quoteIfNeeded(name.toString())
                        + suggestion(name.toString()));
            }
            return new FieldRef(name.toString(), start, field.get());
        }

        /** Up to 8 fields near {@code name}: those it begins first (a name cut short at a '-'), then its siblings. */
        String suggestion(String name) {
            String prefix = name.contains(".") ? name.substring(0, name.lastIndexOf('.') + 1) : "";
            List<String> near = new ArrayList<>();
            for (Field f : layout.fields()) {
                if (f.name().startsWith(name) && !f.name().equals(name) && near.size() < 8) {
                    near.add(quoteIfNeeded(f.name()));
                }
            }
            for (Field f : layout.fields()) {
                String spelled = quoteIfNeeded(f.name());
                if (!prefix.isEmpty() && f.name().startsWith(prefix) && near.size() < 8 && !near.contains(spelled)) {
                    near.add(spelled);
                }
            }
            return near.isEmpty() ? "" : "; fields there: " + near;
        }

        /** A field name as an expression must spell it: bare when it can be, else in backquotes. */
        static String quoteIfNeeded(String name) {
            return name.chars().allMatch(c -> isNameChar((char) c)) ? name : "`" + name.replace("`", "``") + "`";
        }

        static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '[' || c == ']';
        }
    }
}
