package org.fedmap.engine.filter;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.filter.Expr.Axis;
import org.fedmap.engine.filter.Expr.Comparison;
import org.fedmap.engine.filter.Expr.Kind;
import org.fedmap.engine.filter.Expr.Step;
import org.fedmap.engine.filter.Expr.Type;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;

/**
 * Evaluates a compiled filter against one metadata item. One instance serves one
 * {@code matches} call and holds that call's lazily built nodes; the expression tree itself is
 * shared and never changes, so concurrent evaluations need no locking.
 *
 * <p>Every method takes the XPath context as (node, position, size). Because types are static,
 * callers ask for the type they need ({@link #bool}, {@link #string}, {@link #number},
 * {@link #nodes}) and the conversion happens without boxing where it can.
 */
final class Evaluator {
    private final Node.Root root;

    Evaluator(Metadata item, ProtocolVersion reader) {
        this.root = new Node.Root(item, reader);
    }

    /** The filter's answer: the expression's value, converted by boolean(), with the root as context. */
    boolean matches(Expr expr) {
        return bool(expr, root, 1, 1);
    }

    boolean bool(Expr e, Node ctx, int pos, int size) {
        if (e instanceof Expr.Or or) {
            for (Expr operand : or.operands()) {
                if (bool(operand, ctx, pos, size)) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof Expr.And and) {
            for (Expr operand : and.operands()) {
                if (!bool(operand, ctx, pos, size)) {
                    return false;
                }
            }
            return true;
        }
        if (e instanceof Expr.Compare c) {
            return compare(c, ctx, pos, size);
        }
        if (e instanceof Expr.Path p) {
            return exists(p, ctx, pos, size);
        }
        return switch (e.type()) {
            case NODE_SET -> !nodes(e, ctx, pos, size).isEmpty();
            case BOOLEAN -> (Boolean) call((Expr.Call) e, ctx, pos, size);
            case NUMBER -> {
                double d = number(e, ctx, pos, size);
                yield d != 0 && !Double.isNaN(d);
            }
            case STRING -> !string(e, ctx, pos, size).isEmpty();
        };
    }

    double number(Expr e, Node ctx, int pos, int size) {
        if (e instanceof Expr.NumberLiteral n) {
            return n.value();
        }
        if (e instanceof Expr.Arithmetic a) {
            double l = number(a.left(), ctx, pos, size);
            double r = number(a.right(), ctx, pos, size);
            return switch (a.operator()) {
                case ADD -> l + r;
                case SUBTRACT -> l - r;
                case MULTIPLY -> l * r;
                case DIVIDE -> l / r;
                case MODULO -> l % r; // XPath mod truncates like Java's %
            };
        }
        if (e instanceof Expr.Negate n) {
            return -number(n.operand(), ctx, pos, size);
        }
        return Values.toNumber(value(e, ctx, pos, size));
    }

    String string(Expr e, Node ctx, int pos, int size) {
        if (e instanceof Expr.Literal l) {
            return l.value();
        }
        if (e.type() == Type.NODE_SET) {
            List<Node> nodes = nodes(e, ctx, pos, size);
            return nodes.isEmpty() ? "" : nodes.get(0).stringValue();
        }
        return Values.toStringValue(value(e, ctx, pos, size));
    }

    /** The value of any expression, boxed: Boolean, Double, String or node-set. */
    Object value(Expr e, Node ctx, int pos, int size) {
        return switch (e.type()) {
            case NODE_SET -> nodes(e, ctx, pos, size);
            case BOOLEAN -> bool(e, ctx, pos, size);
            case NUMBER -> e instanceof Expr.Call c ? call(c, ctx, pos, size) : (Object) number(e, ctx, pos, size);
            case STRING -> e instanceof Expr.Call c ? call(c, ctx, pos, size) : string(e, ctx, pos, size);
        };
    }

    List<Node> nodes(Expr e, Node ctx, int pos, int size) {
        if (e instanceof Expr.Path p) {
            return path(p, ctx, pos, size);
        }
        if (e instanceof Expr.Union u) {
            List<Node> all = new ArrayList<>();
            for (Expr operand : u.operands()) {
                all.addAll(nodes(operand, ctx, pos, size));
            }
            return Node.documentOrder(all);
        }
        if (e instanceof Expr.Filtered f) {
            List<Node> selected = nodes(f.nodes(), ctx, pos, size);
            for (Expr predicate : f.predicates()) {
                selected = filter(predicate, selected);
            }
            return selected;
        }
        if (e instanceof Expr.Root) {
            return List.of(root);
        }
        if (e instanceof Expr.ContextNode) {
            return List.of(ctx);
        }
        // The parser lets only node-set expressions reach here.
        throw new IllegalStateException("not a node-set expression: " + e);
    }

    private List<Node> path(Expr.Path p, Node ctx, int pos, int size) {
        return walk(p, p.steps().size(), ctx, pos, size);
    }

    /**
     * boolean() of a path, the commonest question a filter asks ({@code meta:role}, {@code [@a]}).
     * When the last step has no predicates, the first node it finds answers it, so that step's
     * node list is never built.
     */
    private boolean exists(Expr.Path p, Node ctx, int pos, int size) {
        List<Step> steps = p.steps();
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last == null || !last.predicates().isEmpty()
                || (last.axis() != Axis.CHILD && last.axis() != Axis.ATTRIBUTE)) {
            return !path(p, ctx, pos, size).isEmpty();
        }
        for (Node from : walk(p, steps.size() - 1, ctx, pos, size)) {
            if (last.axis() == Axis.ATTRIBUTE) {
                if (!axis(Axis.ATTRIBUTE, last.test(), from).isEmpty()) {
                    return true;
                }
            } else {
                for (Node child : from.children()) {
                    if (accepts(last.test(), child, false)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The nodes reached by the path's origin and its first {@code stepCount} steps. */
    private List<Node> walk(Expr.Path p, int stepCount, Node ctx, int pos, int size) {
        List<Node> current = p.origin() instanceof Expr.ContextNode ? List.of(ctx) : nodes(p.origin(), ctx, pos, size);
        for (int s = 0; s < stepCount; s++) {
            Step step = p.steps().get(s);
            if (current.isEmpty()) {
                break;
            }
            if (current.size() == 1) {
                current = step(step, current.get(0));
            } else {
                List<Node> all = new ArrayList<>();
                for (Node c : current) {
                    all.addAll(step(step, c));
                }
                // Steps from several nodes can overlap (after '//') or interleave.
                current = Node.documentOrder(all);
            }
        }
        return current;
    }

    /** One step from one context node: the axis, the node test, then each predicate; the result in document order. */
    private List<Node> step(Step step, Node ctx) {
        List<Node> selected = axis(step.axis(), step.test(), ctx);
        for (Expr predicate : step.predicates()) {
            if (selected.isEmpty()) {
                break;
            }
            selected = filter(predicate, selected);
        }
        if (step.axis().reverse() && selected.size() > 1) {
            List<Node> forward = new ArrayList<>(selected.size());
            for (int i = selected.size() - 1; i >= 0; i--) {
                forward.add(selected.get(i));
            }
            selected = forward;
        }
        return selected;
    }

    /** Applies a predicate; a number means "the node at this position", anything else is converted by boolean(). */
    private List<Node> filter(Expr predicate, List<Node> nodes) {
        int size = nodes.size();
        if (predicate instanceof Expr.NumberLiteral n) {
            double p = n.value();
            return p >= 1 && p <= size && p == Math.rint(p) ? List.of(nodes.get((int) p - 1)) : List.of();
        }
        boolean positional = predicate.type() == Type.NUMBER;
        List<Node> kept = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Node n = nodes.get(i);
            boolean keep = positional ? number(predicate, n, i + 1, size) == i + 1 : bool(predicate, n, i + 1, size);
            if (keep) {
                kept.add(n);
            }
        }
        return kept;
    }

    /** The nodes of an axis that pass the node test, in the axis's own order (nearest first on reverse axes). */
    private static List<Node> axis(Axis axis, Expr.NodeTest test, Node ctx) {
        switch (axis) {
            case CHILD -> {
                return select(ctx.children(), test, false);
            }
            case ATTRIBUTE -> {
                if (test instanceof Expr.NameTest name && name.namespace() != null && name.localName() != null) {
                    // Looking one attribute up by name lets operational attributes skip parsing.
                    Node.Attribute a = ctx.attribute(name.namespace(), name.localName());
                    return a == null ? List.of() : List.of(a);
                }
                return select(ctx.attributes(), test, true);
            }
            case SELF -> {
                return accepts(test, ctx, false) ? List.of(ctx) : List.of();
            }
            case PARENT -> {
                return ctx.parent != null && accepts(test, ctx.parent, false) ? List.of(ctx.parent) : List.of();
            }
            case DESCENDANT, DESCENDANT_OR_SELF -> {
                List<Node> out = new ArrayList<>();
                if (axis == Axis.DESCENDANT_OR_SELF && accepts(test, ctx, false)) {
                    out.add(ctx);
                }
                descendants(ctx, test, out);
                return out;
            }
            case ANCESTOR, ANCESTOR_OR_SELF -> {
                List<Node> out = new ArrayList<>();
                for (Node n = axis == Axis.ANCESTOR ? ctx.parent : ctx; n != null; n = n.parent) {
                    if (accepts(test, n, false)) {
                        out.add(n);
                    }
                }
                return out;
            }
            case FOLLOWING_SIBLING, PRECEDING_SIBLING -> {
                if (ctx.parent == null || ctx instanceof Node.Attribute) {
                    return List.of(); // the root and attributes have no siblings
                }
                List<Node> siblings = ctx.parent.children();
                int at = siblings.indexOf(ctx);
                List<Node> out = new ArrayList<>();
                if (axis == Axis.FOLLOWING_SIBLING) {
                    for (int i = at + 1; i < siblings.size(); i++) {
                        if (accepts(test, siblings.get(i), false)) {
                            out.add(siblings.get(i));
                        }
                    }
                } else {
                    for (int i = at - 1; i >= 0; i--) {
                        if (accepts(test, siblings.get(i), false)) {
                            out.add(siblings.get(i));
                        }
                    }
                }
                return out;
            }
            default -> throw new IllegalStateException("axis " + axis);
        }
    }

    private static void descendants(Node n, Expr.NodeTest test, List<Node> out) {
        for (Node child : n.children()) {
            if (accepts(test, child, false)) {
                out.add(child);
            }
            descendants(child, test, out);
        }
    }

    private static List<Node> select(List<? extends Node> candidates, Expr.NodeTest test, boolean attributeAxis) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Node> out = new ArrayList<>(candidates.size());
        for (Node n : candidates) {
            if (accepts(test, n, attributeAxis)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The node test; a name test matches the axis's principal node type only. */
    private static boolean accepts(Expr.NodeTest test, Node n, boolean attributeAxis) {
        if (test instanceof Expr.NameTest name) {
            boolean principal = attributeAxis ? n instanceof Node.Attribute : n instanceof Node.Element;
            return principal
                    && (name.localName() == null || name.localName().equals(n.localName()))
                    && (name.namespace() == null || name.namespace().equals(n.namespace()));
        }
        Kind kind = ((Expr.KindTest) test).kind();
        return switch (kind) {
            case NODE -> true;
            case TEXT -> n instanceof Node.Text;
            case COMMENT, PROCESSING_INSTRUCTION -> false;
        };
    }

    // ---- comparisons (XPath 1.0 section 3.4) ----

    private boolean compare(Expr.Compare c, Node ctx, int pos, int size) {
        Comparison op = c.operator();
        Expr left = c.left();
        Expr right = c.right();
        boolean leftNodes = left.type() == Type.NODE_SET;
        boolean rightNodes = right.type() == Type.NODE_SET;
        if (leftNodes && rightNodes) {
            return compareNodeSets(op, nodes(left, ctx, pos, size), nodes(right, ctx, pos, size));
        }
        if (leftNodes) {
            return compareNodes(op, nodes(left, ctx, pos, size), right, ctx, pos, size);
        }
        if (rightNodes) {
            return compareNodes(op.swapped(), nodes(right, ctx, pos, size), left, ctx, pos, size);
        }
        Type lt = left.type();
        Type rt = right.type();
        if (op.isEquality()) {
            if (lt == Type.BOOLEAN || rt == Type.BOOLEAN) {
                return holds(op, bool(left, ctx, pos, size) == bool(right, ctx, pos, size));
            }
            if (lt == Type.NUMBER || rt == Type.NUMBER) {
                return compareNumbers(op, number(left, ctx, pos, size), number(right, ctx, pos, size));
            }
            return holds(op, string(left, ctx, pos, size).equals(string(right, ctx, pos, size)));
        }
        return compareNumbers(op, number(left, ctx, pos, size), number(right, ctx, pos, size));
    }

    /**
     * A node-set against another value: true when some node's string-value (or its number, for a
     * number or a relational operator) satisfies the comparison. An empty node-set satisfies none,
     * so {@code @missing != 'x'} is false. Against a boolean the node-set is converted as a whole.
     */
    private boolean compareNodes(Comparison op, List<Node> nodes, Expr other, Node ctx, int pos, int size) {
        switch (other.type()) {
            case BOOLEAN -> {
                boolean b = bool(other, ctx, pos, size);
                return op.isEquality() ? holds(op, !nodes.isEmpty() == b)
                        : compareNumbers(op, nodes.isEmpty() ? 0 : 1, b ? 1 : 0);
            }
            case NUMBER -> {
                if (nodes.isEmpty()) {
                    return false;
                }
                double d = number(other, ctx, pos, size);
                for (Node n : nodes) {
                    if (compareNumbers(op, Values.stringToNumber(n.stringValue()), d)) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                if (nodes.isEmpty()) {
                    return false;
                }
                String s = string(other, ctx, pos, size);
                if (op.isEquality()) {
                    for (Node n : nodes) {
                        if (holds(op, n.stringValue().equals(s))) {
                            return true;
                        }
                    }
                    return false;
                }
                double d = Values.stringToNumber(s);
                for (Node n : nodes) {
                    if (compareNumbers(op, Values.stringToNumber(n.stringValue()), d)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    private static boolean compareNodeSets(Comparison op, List<Node> left, List<Node> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return false;
        }
        if (op.isEquality()) {
            List<String> rightValues = new ArrayList<>(right.size());
            for (Node r : right) {
                rightValues.add(r.stringValue());
            }
            for (Node l : left) {
                String lv = l.stringValue();
                for (String rv : rightValues) {
                    if (holds(op, lv.equals(rv))) {
                        return true;
                    }
                }
            }
            return false;
        }
        double[] rightValues = new double[right.size()];
        for (int i = 0; i < rightValues.length; i++) {
            rightValues[i] = Values.stringToNumber(right.get(i).stringValue());
        }
        for (Node l : left) {
            double lv = Values.stringToNumber(l.stringValue());
            for (double rv : rightValues) {
                if (compareNumbers(op, lv, rv)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For = and !=: the result given whether the two sides are equal. */
    private static boolean holds(Comparison op, boolean equal) {
        return op == Comparison.EQUAL ? equal : !equal;
    }

    /** IEEE comparison, so NaN is unequal to everything, itself included. */
    private static boolean compareNumbers(Comparison op, double a, double b) {
        return switch (op) {
            case EQUAL -> a == b;
            case NOT_EQUAL -> a != b;
            case LESS -> a < b;
            case LESS_OR_EQUAL -> a <= b;
            case GREATER -> a > b;
            case GREATER_OR_EQUAL -> a >= b;
        };
    }

    // ---- functions (XPath 1.0 section 4) ----

    /** Calls a core function; the result is boxed as the function's declared type. */
    private Object call(Expr.Call c, Node ctx, int pos, int size) {
        List<Expr> args = c.arguments();
        switch (c.function()) {
            case LAST -> {
                return (double) size;
            }
            case POSITION -> {
                return (double) pos;
            }
            case COUNT -> {
                return (double) nodes(args.get(0), ctx, pos, size).size();
            }
            case LOCAL_NAME -> {
                Node n = nameSubject(args, ctx, pos, size);
                return n == null ? "" : n.localName();
            }
            case NAMESPACE_URI -> {
                Node n = nameSubject(args, ctx, pos, size);
                return n == null ? "" : n.namespace();
            }
            case NAME -> {
                Node n = nameSubject(args, ctx, pos, size);
                return n == null ? "" : n.qualifiedName();
            }
            case STRING -> {
                return args.isEmpty() ? ctx.stringValue() : string(args.get(0), ctx, pos, size);
            }
            case CONCAT -> {
                StringBuilder sb = new StringBuilder();
                for (Expr a : args) {
                    sb.append(string(a, ctx, pos, size));
                }
                return sb.toString();
            }
            case STARTS_WITH -> {
                return string(args.get(0), ctx, pos, size).startsWith(string(args.get(1), ctx, pos, size));
            }
            case CONTAINS -> {
                return string(args.get(0), ctx, pos, size).contains(string(args.get(1), ctx, pos, size));
            }
            case SUBSTRING_BEFORE -> {
                return Values.substringBefore(string(args.get(0), ctx, pos, size), string(args.get(1), ctx, pos, size));
            }
            case SUBSTRING_AFTER -> {
                return Values.substringAfter(string(args.get(0), ctx, pos, size), string(args.get(1), ctx, pos, size));
            }
            case SUBSTRING -> {
                String s = string(args.get(0), ctx, pos, size);
                double start = number(args.get(1), ctx, pos, size);
                double length = args.size() > 2 ? number(args.get(2), ctx, pos, size) : Double.POSITIVE_INFINITY;
                return Values.substring(s, start, length);
            }
            case STRING_LENGTH -> {
                return (double) Values.length(args.isEmpty() ? ctx.stringValue() : string(args.get(0), ctx, pos, size));
            }
            case NORMALIZE_SPACE -> {
                return Values.normalizeSpace(args.isEmpty() ? ctx.stringValue() : string(args.get(0), ctx, pos, size));
            }
            case TRANSLATE -> {
                return Values.translate(string(args.get(0), ctx, pos, size), string(args.get(1), ctx, pos, size),
                        string(args.get(2), ctx, pos, size));
            }
            case BOOLEAN -> {
                return bool(args.get(0), ctx, pos, size);
            }
            case NOT -> {
                return !bool(args.get(0), ctx, pos, size);
            }
            case TRUE -> {
                return Boolean.TRUE;
            }
            case FALSE -> {
                return Boolean.FALSE;
            }
            case LANG -> {
                Node n = ctx instanceof Node.Attribute || ctx instanceof Node.Text ? ctx.parent : ctx;
                String declared = n instanceof Node.Element e ? e.language() : null;
                return Values.languageMatches(declared, string(args.get(0), ctx, pos, size));
            }
            case NUMBER -> {
                return args.isEmpty() ? Values.stringToNumber(ctx.stringValue()) : number(args.get(0), ctx, pos, size);
            }
            case SUM -> {
                double sum = 0;
                for (Node n : nodes(args.get(0), ctx, pos, size)) {
                    sum += Values.stringToNumber(n.stringValue());
                }
                return sum;
            }
            case FLOOR -> {
                return Math.floor(number(args.get(0), ctx, pos, size));
            }
            case CEILING -> {
                return Math.ceil(number(args.get(0), ctx, pos, size));
            }
            case ROUND -> {
                return Values.round(number(args.get(0), ctx, pos, size));
            }
            default -> throw new IllegalStateException("function " + c.function());
        }
    }

    /** The node local-name(), namespace-uri() and name() describe: the argument's first node, or the context node. */
    private Node nameSubject(List<Expr> args, Node ctx, int pos, int size) {
        if (args.isEmpty()) {
            return ctx;
        }
        List<Node> nodes = nodes(args.get(0), ctx, pos, size);
        return nodes.isEmpty() ? null : nodes.get(0);
    }
}
