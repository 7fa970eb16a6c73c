package org.fedmap.engine.filter;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.filter.Token.Type;

/**
 * Splits a filter into tokens, applying the disambiguation rules of XPath 1.0 section 3.7: whether
 * {@code *} multiplies or matches any name, and whether {@code and}, {@code or}, {@code div} and
 * {@code mod} are operators or element names, depends on the token before; whether a name is a
 * function, a node type or an axis depends on the token after.
 *
 * <p>One IF-MAP extension lives here too: clients write predicates without a step, as in
 * {@code [@ifmap-publisher-id = 'X']}, meaning "any metadata element". Wherever a {@code [} appears
 * where no expression has just ended, a {@code *} name test is inserted before it.
 */
final class Lexer {
    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String source) {
        this.source = source;
    }

    /** The tokens of {@code source}, ending with one {@link Type#END}. */
    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            skipWhitespace();
            if (pos >= source.length()) {
                tokens.add(Token.simple(Type.END, "", pos));
                return;
            }
            int start = pos;
            char c = source.charAt(pos);
            switch (c) {
                case '(' -> single(Type.LEFT_PAREN);
                case ')' -> single(Type.RIGHT_PAREN);
                case '[' -> {
                    if (!expressionJustEnded()) {
                        tokens.add(new Token(Type.NAME_TEST, "*", "", "*", start));
                    }
                    single(Type.LEFT_BRACKET);
                }
                case ']' -> single(Type.RIGHT_BRACKET);
                case ',' -> single(Type.COMMA);
                case '@' -> single(Type.AT);
                case '|' -> single(Type.PIPE);
                case '+' -> single(Type.PLUS);
                case '-' -> single(Type.MINUS);
                case '=' -> single(Type.EQUALS);
                case '!' -> {
                    if (!lookingAt("!=")) {
                        throw error(start, "'!' is not an operator; use '!=' to compare or not(...) to negate");
                    }
                    pair(Type.NOT_EQUALS);
                }
                case '<' -> {
                    if (lookingAt("<=")) {
                        pair(Type.LESS_OR_EQUAL);
                    } else {
                        single(Type.LESS);
                    }
                }
                case '>' -> {
                    if (lookingAt(">=")) {
                        pair(Type.GREATER_OR_EQUAL);
                    } else {
                        single(Type.GREATER);
                    }
                }
                case '/' -> {
                    if (lookingAt("//")) {
                        pair(Type.DOUBLE_SLASH);
                    } else {
                        single(Type.SLASH);
                    }
                }
                case ':' -> {
                    if (!lookingAt("::")) {
                        throw error(start, "unexpected ':' (a prefixed name has no spaces around its ':')");
                    }
                    pair(Type.COLON_COLON);
                }
                case '.' -> {
                    if (lookingAt("..")) {
                        pair(Type.DOT_DOT);
                    } else if (pos + 1 < source.length() && isDigit(source.charAt(pos + 1))) {
                        number();
                    } else {
                        single(Type.DOT);
                    }
                }
                case '\'', '"' -> literal(c);
                case '$' -> variable();
                case '*' -> {
                    if (expressionJustEnded()) {
                        single(Type.MULTIPLY);
                    } else {
                        pos++;
                        tokens.add(new Token(Type.NAME_TEST, "*", "", "*", start));
                    }
                }
                default -> {
                    if (isDigit(c)) {
                        number();
                    } else if (isNameStart(source.codePointAt(pos))) {
                        name();
                    } else {
                        throw error(start, "unexpected character '" + new String(Character.toChars(
                                source.codePointAt(pos))) + "'");
                    }
                }
            }
        }
    }

    /**
     * XPath's rule: after a token that completes an operand (a name, a literal, ')', ']', '.', ...)
     * the next token must be an operator, so '*' multiplies and a name must be and/or/div/mod.
     */
    private boolean expressionJustEnded() {
        if (tokens.isEmpty()) {
            return false;
        }
        Type previous = tokens.get(tokens.size() - 1).type();
        return !(previous.isOperator() || previous == Type.AT || previous == Type.COLON_COLON
                || previous == Type.LEFT_PAREN || previous == Type.LEFT_BRACKET || previous == Type.COMMA);
    }

    private void name() {
        int start = pos;
        String first = ncName();
        if (expressionJustEnded()) {
            Type operator = switch (first) {
                case "and" -> Type.AND;
                case "or" -> Type.OR;
                case "div" -> Type.DIV;
                case "mod" -> Type.MOD;
                default -> null;
            };
            if (operator == null) {
                int end = pos;
                if (end + 1 < source.length() && source.charAt(end) == ':' && source.charAt(end + 1) != ':') {
                    end++;
                    while (end < source.length() && isNameChar(source.codePointAt(end))) {
                        end += Character.charCount(source.codePointAt(end));
                    }
                }
                throw error(start, "expected an operator such as 'or', 'and' or '=' before '"
                        + source.substring(start, end) + "'");
            }
            tokens.add(Token.simple(operator, first, start));
            return;
        }
        String prefix = "";
        String local = first;
        // A ':' joins a prefix only when no space surrounds it and it is not the '::' of an axis.
        if (pos + 1 < source.length() && source.charAt(pos) == ':' && source.charAt(pos + 1) != ':') {
            int after = pos + 1;
            if (source.charAt(after) == '*') {
                pos = after + 1;
                prefix = first;
                local = "*";
            } else if (isNameStart(source.codePointAt(after))) {
                pos = after;
                prefix = first;
                local = ncName();
            } else {
                throw error(pos, "a prefixed name needs a local name or '*' right after the ':'");
            }
        }
        String text = source.substring(start, pos);
        int next = nextNonWhitespace();
        if (next < source.length() && source.charAt(next) == '(' && !local.equals("*")) {
            boolean nodeType = prefix.isEmpty() && (local.equals("node") || local.equals("text")
                    || local.equals("comment") || local.equals("processing-instruction"));
            tokens.add(new Token(nodeType ? Type.NODE_TYPE : Type.FUNCTION_NAME, text, prefix, local, start));
        } else if (source.startsWith("::", next) && prefix.isEmpty() && !local.equals("*")) {
            tokens.add(new Token(Type.AXIS_NAME, text, "", local, start));
        } else {
            tokens.add(new Token(Type.NAME_TEST, text, prefix, local, start));
        }
    }

    private String ncName() {
        int start = pos;
        pos += Character.charCount(source.codePointAt(pos));
        while (pos < source.length()) {
            int cp = source.codePointAt(pos);
            if (!isNameChar(cp)) {
                break;
            }
            pos += Character.charCount(cp);
        }
        return source.substring(start, pos);
    }

    private void variable() {
        int start = pos;
        pos++;
        if (pos >= source.length() || !isNameStart(source.codePointAt(pos))) {
            throw error(start, "'$' must be followed by a variable name");
        }
        String name = ncName();
        tokens.add(new Token(Type.VARIABLE, source.substring(start, pos), "", name, start));
    }

    /** XPath Number: Digits ('.' Digits?)? | '.' Digits; no sign, no exponent. */
    private void number() {
        int start = pos;
        while (pos < source.length() && isDigit(source.charAt(pos))) {
            pos++;
        }
        if (pos < source.length() && source.charAt(pos) == '.') {
            pos++;
            while (pos < source.length() && isDigit(source.charAt(pos))) {
                pos++;
            }
        }
        String text = source.substring(start, pos);
        tokens.add(new Token(Type.NUMBER, text, "", text, start));
    }

    /** XPath literals have no escapes: a quote character ends the string it opened. */
    private void literal(char quote) {
        int start = pos;
        int end = source.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error(start, "the string starting with " + quote + " is not closed");
        }
        pos = end + 1;
        tokens.add(new Token(Type.LITERAL, source.substring(start, pos), "", source.substring(start + 1, end),
                start));
    }

    private void single(Type type) {
        tokens.add(Token.simple(type, source.substring(pos, pos + 1), pos));
        pos++;
    }

    private void pair(Type type) {
        tokens.add(Token.simple(type, source.substring(pos, pos + 2), pos));
        pos += 2;
    }

    private boolean lookingAt(String s) {
        return source.startsWith(s, pos);
    }

    private void skipWhitespace() {
        while (pos < source.length() && isWhitespace(source.charAt(pos))) {
            pos++;
        }
    }

    private int nextNonWhitespace() {
        int i = pos;
        while (i < source.length() && isWhitespace(source.charAt(i))) {
            i++;
        }
        return i;
    }

    private RuntimeException error(int position, String problem) {
        return CompileErrors.at(source, position, problem);
    }

    /** XPath ExprWhitespace: space, tab, carriage return, line feed. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** NCName start characters, close to XML's definition: letters and '_'. */
    static boolean isNameStart(int cp) {
        return cp == '_' || Character.isLetter(cp);
    }

    /** NCName characters: letters, digits, '.', '-', '_', the middle dot and combining marks. */
    static boolean isNameChar(int cp) {
        if (cp == '.' || cp == '-' || cp == '_' || cp == 0xB7 || Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
