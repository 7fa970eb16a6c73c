package org.fedmap.engine.filter;

/**
 * One lexical token of a filter expression.
 *
 * @param type     what the token is, after XPath's lexical disambiguation
 * @param text     the source text, for error messages
 * @param prefix   for name tests, function names and variables: the prefix, or "" when there is none
 * @param local    for name tests, function names and variables: the local part ("*" for a wildcard)
 * @param position offset of the token in the expression
 */
record Token(Type type, String text, String prefix, String local, int position) {

    enum Type {
        LEFT_PAREN("'('"), RIGHT_PAREN("')'"), LEFT_BRACKET("'['"), RIGHT_BRACKET("']'"),
        DOT("'.'"), DOT_DOT("'..'"), AT("'@'"), COMMA("','"), COLON_COLON("'::'"),
        SLASH("'/'", true), DOUBLE_SLASH("'//'", true), PIPE("'|'", true),
        PLUS("'+'", true), MINUS("'-'", true), EQUALS("'='", true), NOT_EQUALS("'!='", true),
        LESS("'<'", true), LESS_OR_EQUAL("'<='", true), GREATER("'>'", true), GREATER_OR_EQUAL("'>='", true),
        MULTIPLY("'*'", true), AND("'and'", true), OR("'or'", true), DIV("'div'", true), MOD("'mod'", true),
        LITERAL("a string"), NUMBER("a number"), NAME_TEST("a name"), NODE_TYPE("a node type test"),
        FUNCTION_NAME("a function call"), AXIS_NAME("an axis name"), VARIABLE("a variable"),
        END("the end of the filter");

        private final String description;
        private final boolean operator;

        Type(String description) {
            this(description, false);
        }

        Type(String description, boolean operator) {
            this.description = description;
            this.operator = operator;
        }

        /** True for XPath's Operator tokens, after which a name is a name again and '*' a wildcard. */
        boolean isOperator() {
            return operator;
        }

        String description() {
            return description;
        }
    }

    static Token simple(Type type, String text, int position) {
        return new Token(type, text, "", "", position);
    }

    boolean is(Type t) {
        return type == t;
    }

    /** How an error message names this token. */
    String describe() {
        return switch (type) {
            case END -> type.description();
            case LITERAL -> text;
            case NUMBER, NAME_TEST, NODE_TYPE, FUNCTION_NAME, AXIS_NAME, VARIABLE -> "'" + text + "'";
            default -> type.description();
        };
    }
}
