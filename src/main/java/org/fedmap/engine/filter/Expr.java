package org.fedmap.engine.filter;

import java.util.List;

/**
 * A compiled filter: an immutable tree built once by the {@link Parser} and shared by every
 * evaluation, on any thread. Filters have no variables, so every expression's XPath type is known
 * when it is compiled; the parser uses that to refuse type errors up front and the evaluator to
 * pick the cheapest way to compute a value.
 */
sealed interface Expr {

    /** The XPath 1.0 type of the value this expression yields. */
    Type type();

    enum Type { NODE_SET, STRING, NUMBER, BOOLEAN }

    /** True when any operand is true; operands are tried left to right and stop at the first true. */
    record Or(List<Expr> operands) implements Expr {
        public Or {
            operands = List.copyOf(operands);
        }

        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** True when every operand is true; stops at the first false. */
    record And(List<Expr> operands) implements Expr {
        public And {
            operands = List.copyOf(operands);
        }

        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** One of =, !=, &lt;, &lt;=, &gt;, &gt;= with XPath's rules for comparing node-sets. */
    record Compare(Comparison operator, Expr left, Expr right) implements Expr {
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    record Arithmetic(ArithmeticOperator operator, Expr left, Expr right) implements Expr {
        public Type type() {
            return Type.NUMBER;
        }
    }

    /** Unary minus. */
    record Negate(Expr operand) implements Expr {
        public Type type() {
            return Type.NUMBER;
        }
    }

    /** {@code a | b | ...}: every operand is a node-set. */
    record Union(List<Expr> operands) implements Expr {
        public Union {
            operands = List.copyOf(operands);
        }

        public Type type() {
            return Type.NODE_SET;
        }
    }

    record Literal(String value) implements Expr {
        public Type type() {
            return Type.STRING;
        }
    }

    record NumberLiteral(double value) implements Expr {
        public Type type() {
            return Type.NUMBER;
        }
    }

    record Call(Builtin function, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }

        public Type type() {
            return function.resultType();
        }
    }

    /** A node-set expression in parentheses followed by predicates, as in {@code (a | b)[1]}. */
    record Filtered(Expr nodes, List<Expr> predicates) implements Expr {
        public Filtered {
            predicates = List.copyOf(predicates);
        }

        public Type type() {
            return Type.NODE_SET;
        }
    }

    /**
     * Steps taken from an origin: the document root for {@code /a}, the context node for {@code a/b},
     * or the nodes of another expression for {@code (a | b)/c}.
     */
    record Path(Expr origin, List<Step> steps) implements Expr {
        public Path {
            steps = List.copyOf(steps);
        }

        public Type type() {
            return Type.NODE_SET;
        }
    }

    /** The root of the virtual document around the metadata element, origin of absolute paths. */
    record Root() implements Expr {
        public Type type() {
            return Type.NODE_SET;
        }
    }

    /** The context node, origin of relative paths. */
    record ContextNode() implements Expr {
        public Type type() {
            return Type.NODE_SET;
        }
    }

    /** One location step: an axis, a node test and predicates. */
    record Step(Axis axis, NodeTest test, List<Expr> predicates) {
        public Step {
            predicates = List.copyOf(predicates);
        }
    }

    sealed interface NodeTest {
    }

    /**
     * Matches nodes of the axis's principal type (attributes on the attribute axis, elements on the
     * others) by name. A null namespace matches any namespace ({@code *}); a null local name any
     * local name ({@code *} and {@code p:*}). Unprefixed names are in no namespace.
     */
    record NameTest(String namespace, String localName) implements NodeTest {
    }

    /** {@code node()}, {@code text()}, {@code comment()} or {@code processing-instruction()}. */
    record KindTest(Kind kind) implements NodeTest {
    }

    enum Kind {
        NODE,
        TEXT,
        /** The stored element keeps neither comments nor processing instructions, so these match nothing. */
        COMMENT,
        PROCESSING_INSTRUCTION
    }

    enum Axis {
        CHILD("child", false),
        ATTRIBUTE("attribute", false),
        SELF("self", false),
        PARENT("parent", true),
        DESCENDANT("descendant", false),
        DESCENDANT_OR_SELF("descendant-or-self", false),
        ANCESTOR("ancestor", true),
        ANCESTOR_OR_SELF("ancestor-or-self", true),
        FOLLOWING_SIBLING("following-sibling", false),
        PRECEDING_SIBLING("preceding-sibling", true);

        private final String xpathName;
        private final boolean reverse;

        Axis(String xpathName, boolean reverse) {
            this.xpathName = xpathName;
            this.reverse = reverse;
        }

        /** On a reverse axis, predicate positions count from the context node backwards. */
        boolean reverse() {
            return reverse;
        }

        static Axis named(String name) {
            for (Axis a : values()) {
                if (a.xpathName.equals(name)) {
                    return a;
                }
            }
            return null;
        }
    }

    enum Comparison {
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

        /** The operator that gives the same answer with the operands exchanged. */
        Comparison swapped() {
            return switch (this) {
                case LESS -> GREATER;
                case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
                case GREATER -> LESS;
                case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
                default -> this;
            };
        }

        boolean isEquality() {
            return this == EQUAL || this == NOT_EQUAL;
        }
    }

    enum ArithmeticOperator { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO }
}
