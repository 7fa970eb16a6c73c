package org.fedmap.engine.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fedmap.engine.filter.Expr.Axis;
import org.fedmap.engine.filter.Expr.Comparison;
import org.fedmap.engine.filter.Expr.Kind;
import org.fedmap.engine.filter.Expr.Step;
import org.fedmap.engine.filter.Expr.Type;
import org.fedmap.model.IfmapException;

/**
 * Recursive-descent parser for the XPath 1.0 expression grammar (section 3), one method per
 * production. Prefixes are resolved while parsing, so a filter's meaning is fixed when it is
 * compiled, whatever the namespace declarations of later requests. Type errors that XPath 1.0
 * would raise at run time (a predicate after a string, {@code count('x')}) are raised here, since
 * without variables every type is known now.
 */
final class Parser {
    /**
     * Bound on nesting (parentheses, predicates, arguments, chained binary operators). Evaluation
     * recurses as deep as the tree, so a hostile filter must not be able to exhaust the stack.
     */
    static final int MAX_DEPTH = 100;

    private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    private static final Step DESCENDANT_OR_SELF =
            new Step(Axis.DESCENDANT_OR_SELF, new Expr.KindTest(Kind.NODE), List.of());

    private final String source;
    private final List<Token> tokens;
    private final Function<String, String> prefixes;
    private int next;
    private int depth;

    private Parser(String source, Function<String, String> prefixes) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
        this.prefixes = prefixes;
    }

    /** Parses a whole expression; {@code prefixes} maps a prefix to its URI or null when unbound. */
    static Expr parse(String source, Function<String, String> prefixes) {
        Parser parser = new Parser(source, prefixes);
        Expr expr = parser.expression();
        Token extra = parser.peek();
        if (!extra.is(Token.Type.END)) {
            String problem = switch (extra.type()) {
                case RIGHT_PAREN -> "')' without a matching '('";
                case RIGHT_BRACKET -> "']' without a matching '['";
                default -> "unexpected " + extra.describe() + " after a complete expression";
            };
            throw parser.error(extra, problem);
        }
        return expr;
    }

    // Expr ::= OrExpr
    private Expr expression() {
        enter(peek());
        try {
            return or();
        } finally {
            depth--;
        }
    }

    // OrExpr ::= AndExpr ('or' AndExpr)*
    private Expr or() {
        Expr first = and();
        if (!peek().is(Token.Type.OR)) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (accept(Token.Type.OR)) {
            operands.add(and());
        }
        return new Expr.Or(operands);
    }

    // AndExpr ::= EqualityExpr ('and' EqualityExpr)*
    private Expr and() {
        Expr first = equality();
        if (!peek().is(Token.Type.AND)) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (accept(Token.Type.AND)) {
            operands.add(equality());
        }
        return new Expr.And(operands);
    }

    // EqualityExpr ::= RelationalExpr (('=' | '!=') RelationalExpr)*
    private Expr equality() {
        Expr left = relational();
        int chained = 0;
        while (true) {
            Comparison op = switch (peek().type()) {
                case EQUALS -> Comparison.EQUAL;
                case NOT_EQUALS -> Comparison.NOT_EQUAL;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            Token operator = take();
            chain(operator, ++chained);
            left = new Expr.Compare(op, left, relational());
        }
    }

    // RelationalExpr ::= AdditiveExpr (('<' | '>' | '<=' | '>=') AdditiveExpr)*
    private Expr relational() {
        Expr left = additive();
        int chained = 0;
        while (true) {
            Comparison op = switch (peek().type()) {
                case LESS -> Comparison.LESS;
                case LESS_OR_EQUAL -> Comparison.LESS_OR_EQUAL;
                case GREATER -> Comparison.GREATER;
                case GREATER_OR_EQUAL -> Comparison.GREATER_OR_EQUAL;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            Token operator = take();
            chain(operator, ++chained);
            left = new Expr.Compare(op, left, additive());
        }
    }

    // AdditiveExpr ::= MultiplicativeExpr (('+' | '-') MultiplicativeExpr)*
    private Expr additive() {
        Expr left = multiplicative();
        int chained = 0;
        while (true) {
            Expr.ArithmeticOperator op = switch (peek().type()) {
                case PLUS -> Expr.ArithmeticOperator.ADD;
                case MINUS -> Expr.ArithmeticOperator.SUBTRACT;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            Token operator = take();
            chain(operator, ++chained);
            left = new Expr.Arithmetic(op, left, multiplicative());
        }
    }

    // MultiplicativeExpr ::= UnaryExpr (('*' | 'div' | 'mod') UnaryExpr)*
    private Expr multiplicative() {
        Expr left = unary();
        int chained = 0;
        while (true) {
            Expr.ArithmeticOperator op = switch (peek().type()) {
                case MULTIPLY -> Expr.ArithmeticOperator.MULTIPLY;
                case DIV -> Expr.ArithmeticOperator.DIVIDE;
                case MOD -> Expr.ArithmeticOperator.MODULO;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            Token operator = take();
            chain(operator, ++chained);
            left = new Expr.Arithmetic(op, left, unary());
        }
    }

    // UnaryExpr ::= UnionExpr | '-' UnaryExpr
    private Expr unary() {
        if (!peek().is(Token.Type.MINUS)) {
            return union();
        }
        Token minus = take();
        enter(minus);
        try {
            return new Expr.Negate(unary());
        } finally {
            depth--;
        }
    }

    // UnionExpr ::= PathExpr ('|' PathExpr)*
    private Expr union() {
        Token firstToken = peek();
        Expr first = pathExpression();
        if (!peek().is(Token.Type.PIPE)) {
            return first;
        }
        requireNodeSet(first, firstToken, "the operands of '|' must be node-sets");
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (peek().is(Token.Type.PIPE)) {
            take();
            Token start = peek();
            Expr operand = pathExpression();
            requireNodeSet(operand, start, "the operands of '|' must be node-sets");
            operands.add(operand);
        }
        return new Expr.Union(operands);
    }

    // PathExpr ::= LocationPath | FilterExpr | FilterExpr ('/' | '//') RelativeLocationPath
    private Expr pathExpression() {
        Token t = peek();
        switch (t.type()) {
            case LITERAL, NUMBER, FUNCTION_NAME, LEFT_PAREN, VARIABLE -> {
                Expr filter = filterExpression();
                if (peek().is(Token.Type.SLASH) || peek().is(Token.Type.DOUBLE_SLASH)) {
                    requireNodeSet(filter, t, "a path can only continue from a node-set");
                    List<Step> steps = new ArrayList<>();
                    relativePath(steps, true);
                    return new Expr.Path(filter, steps);
                }
                return filter;
            }
            case SLASH -> {
                take();
                List<Step> steps = new ArrayList<>();
                if (startsStep(peek())) {
                    relativePath(steps, false);
                }
                return new Expr.Path(new Expr.Root(), steps);
            }
            case DOUBLE_SLASH -> {
                List<Step> steps = new ArrayList<>();
                relativePath(steps, true);
                return new Expr.Path(new Expr.Root(), steps);
            }
            default -> {
                if (startsStep(t)) {
                    List<Step> steps = new ArrayList<>();
                    relativePath(steps, false);
                    return new Expr.Path(new Expr.ContextNode(), steps);
                }
                throw error(t, "expected an expression " + where(t));
            }
        }
    }

    /**
     * RelativeLocationPath ::= Step (('/' | '//') Step)*. With {@code separatorFirst} the path
     * starts at a '/' or '//' (after a filter expression or at the root).
     */
    private void relativePath(List<Step> steps, boolean separatorFirst) {
        if (!separatorFirst) {
            steps.add(step());
        }
        while (peek().is(Token.Type.SLASH) || peek().is(Token.Type.DOUBLE_SLASH)) {
            Token separator = take();
            if (separator.is(Token.Type.DOUBLE_SLASH)) {
                steps.add(DESCENDANT_OR_SELF);
            }
            if (!startsStep(peek())) {
                throw error(peek(), "expected a step such as a name, '@name', '.' or '..' " + where(peek()));
            }
            steps.add(step());
        }
    }

    private static boolean startsStep(Token t) {
        return switch (t.type()) {
            case NAME_TEST, NODE_TYPE, AXIS_NAME, AT, DOT, DOT_DOT -> true;
            default -> false;
        };
    }

    // Step ::= AxisSpecifier NodeTest Predicate* | '.' | '..'
    private Step step() {
        Token t = take();
        Axis axis;
        Expr.NodeTest test;
        switch (t.type()) {
            case DOT -> {
                axis = Axis.SELF;
                test = new Expr.KindTest(Kind.NODE);
            }
            case DOT_DOT -> {
                axis = Axis.PARENT;
                test = new Expr.KindTest(Kind.NODE);
            }
            case AT -> {
                axis = Axis.ATTRIBUTE;
                test = nodeTest(take());
            }
            case AXIS_NAME -> {
                axis = Axis.named(t.local());
                if (axis == null) {
                    String problem = switch (t.local()) {
                        case "following", "preceding", "namespace" -> "the " + t.local() + " axis is not supported";
                        default -> "unknown axis '" + t.local() + "'";
                    };
                    throw error(t, problem);
                }
                take(); // '::', guaranteed by the lexer
                test = nodeTest(take());
            }
            default -> {
                axis = Axis.CHILD;
                test = nodeTest(t);
            }
        }
        // XPath 1.0 allows no predicate after '.' or '..'; accepting one is harmless:
        // it means self::node()[...] or parent::node()[...].
        return new Step(axis, test, predicates());
    }

    // NodeTest ::= NameTest | NodeType '(' ')' | 'processing-instruction' '(' Literal ')'
    private Expr.NodeTest nodeTest(Token t) {
        if (t.is(Token.Type.NAME_TEST)) {
            if (t.prefix().isEmpty()) {
                return new Expr.NameTest(t.local().equals("*") ? null : "", t.local().equals("*") ? null : t.local());
            }
            String uri = resolve(t);
            return new Expr.NameTest(uri, t.local().equals("*") ? null : t.local());
        }
        if (t.is(Token.Type.NODE_TYPE)) {
            Token open = expect(Token.Type.LEFT_PAREN, "'(' after " + t.text());
            Kind kind = switch (t.local()) {
                case "node" -> Kind.NODE;
                case "text" -> Kind.TEXT;
                case "comment" -> Kind.COMMENT;
                default -> Kind.PROCESSING_INSTRUCTION;
            };
            if (kind == Kind.PROCESSING_INSTRUCTION) {
                accept(Token.Type.LITERAL);
            }
            closing(Token.Type.RIGHT_PAREN, open, t.text() + "() takes no arguments");
            return new Expr.KindTest(kind);
        }
        throw error(t, "expected a node test (a name, '*', text() or node()) " + where(t));
    }

    private List<Expr> predicates() {
        if (!peek().is(Token.Type.LEFT_BRACKET)) {
            return List.of();
        }
        List<Expr> predicates = new ArrayList<>();
        while (peek().is(Token.Type.LEFT_BRACKET)) {
            Token open = take();
            if (peek().is(Token.Type.RIGHT_BRACKET)) {
                throw error(peek(), "empty predicate '[]'");
            }
            predicates.add(expression());
            closing(Token.Type.RIGHT_BRACKET, open, null);
        }
        return predicates;
    }

    // FilterExpr ::= PrimaryExpr Predicate*
    private Expr filterExpression() {
        Token start = peek();
        Expr primary = primary();
        if (!peek().is(Token.Type.LEFT_BRACKET)) {
            return primary;
        }
        requireNodeSet(primary, start, "a predicate can only follow a node-set");
        return new Expr.Filtered(primary, predicates());
    }

    // PrimaryExpr ::= VariableReference | '(' Expr ')' | Literal | Number | FunctionCall
    private Expr primary() {
        Token t = take();
        return switch (t.type()) {
            case VARIABLE -> throw error(t, "variables such as " + t.text() + " are not supported in filters");
            case LEFT_PAREN -> {
                if (peek().is(Token.Type.RIGHT_PAREN)) {
                    throw error(peek(), "empty parentheses '()'");
                }
                Expr inner = expression();
                closing(Token.Type.RIGHT_PAREN, t, null);
                yield inner;
            }
            case LITERAL -> new Expr.Literal(t.local());
            case NUMBER -> new Expr.NumberLiteral(Double.parseDouble(t.text()));
            default -> functionCall(t);
        };
    }

    // FunctionCall ::= FunctionName '(' (Argument (',' Argument)*)? ')'
    private Expr functionCall(Token name) {
        Builtin function = name.prefix().isEmpty() ? Builtin.named(name.local()) : null;
        if (function == null) {
            String problem = name.prefix().isEmpty() && name.local().equals("id")
                    ? "the function id() is not supported (metadata has no ID attributes)"
                    : "unknown function " + name.text() + "()";
            throw error(name, problem);
        }
        Token open = take(); // '(', guaranteed by the lexer
        List<Expr> arguments = new ArrayList<>();
        List<Token> starts = new ArrayList<>();
        if (!peek().is(Token.Type.RIGHT_PAREN)) {
            do {
                starts.add(peek());
                arguments.add(expression());
            } while (accept(Token.Type.COMMA));
        }
        closing(Token.Type.RIGHT_PAREN, open, null);
        int n = arguments.size();
        if (n < function.minArguments() || n > function.maxArguments()) {
            throw error(name, name.text() + "() takes " + arity(function) + ", not " + n);
        }
        if (function.needsNodeSetArgument() && n == 1) {
            requireNodeSet(arguments.get(0), starts.get(0), "the argument of " + name.text() + "() must be a node-set");
        }
        return new Expr.Call(function, arguments);
    }

    private static String arity(Builtin f) {
        if (f.minArguments() == f.maxArguments()) {
            return f.minArguments() == 0 ? "no arguments"
                    : f.minArguments() + (f.minArguments() == 1 ? " argument" : " arguments");
        }
        if (f.maxArguments() == Integer.MAX_VALUE) {
            return "at least " + f.minArguments() + " arguments";
        }
        return f.minArguments() + " to " + f.maxArguments() + " arguments";
    }

    private String resolve(Token name) {
        String uri = prefixes == null ? null : prefixes.apply(name.prefix());
        if (uri == null && name.prefix().equals("xml")) {
            uri = XML_NAMESPACE;
        }
        if (uri == null) {
            throw error(name, "the prefix '" + name.prefix() + "' of '" + name.text()
                    + "' is not bound to a namespace");
        }
        return uri;
    }

    private void requireNodeSet(Expr e, Token start, String problem) {
        if (e.type() != Type.NODE_SET) {
            throw error(start, problem);
        }
    }

    /** Counts one level of nesting and refuses filters nested deeper than {@link #MAX_DEPTH}. */
    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "the expression is nested too deeply");
        }
    }

    /** A chain {@code a + b + c} builds a tree as deep as it is long, so it counts as nesting too. */
    private void chain(Token at, int length) {
        if (depth + length > MAX_DEPTH) {
            throw error(at, "the expression is nested too deeply");
        }
    }

    /** Consumes the token that closes {@code open}, or explains what is missing. */
    private void closing(Token.Type type, Token open, String problem) {
        if (peek().is(type)) {
            take();
            return;
        }
        String closer = type == Token.Type.RIGHT_PAREN ? "')'" : "']'";
        throw error(peek(), problem != null ? problem
                : "missing " + closer + " to close the " + open.describe() + " at character " + (open.position() + 1)
                  + "; found " + peek().describe());
    }

    private Token expect(Token.Type type, String what) {
        if (!peek().is(type)) {
            throw error(peek(), "expected " + what + " " + where(peek()));
        }
        return take();
    }

    /** Where {@code found} stands ("at the start", "after 'or'") and what it is, for "expected ..." messages. */
    private String where(Token found) {
        int i = 0;
        while (tokens.get(i) != found) {
            i++;
        }
        String place = i == 0 ? "at the start" : "after " + tokens.get(i - 1).describe();
        return place + " but found " + found.describe();
    }

    private boolean accept(Token.Type type) {
        if (peek().is(type)) {
            next++;
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (!t.is(Token.Type.END)) {
            next++;
        }
        return t;
    }

    private IfmapException error(Token at, String problem) {
        return CompileErrors.at(source, at.position(), problem);
    }
}
