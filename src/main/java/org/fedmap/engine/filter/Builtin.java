package org.fedmap.engine.filter;

import org.fedmap.engine.filter.Expr.Type;

/**
 * The XPath 1.0 core functions a filter may call, with what the parser checks about each call:
 * the number of arguments and, for the functions that need one, that the argument is a node-set.
 * {@code id()} is left out: stored metadata has no DTD, so it has no ID attributes to find.
 */
enum Builtin {
    LAST("last", 0, 0, Type.NUMBER, false),
    POSITION("position", 0, 0, Type.NUMBER, false),
    COUNT("count", 1, 1, Type.NUMBER, true),
    LOCAL_NAME("local-name", 0, 1, Type.STRING, true),
    NAMESPACE_URI("namespace-uri", 0, 1, Type.STRING, true),
    NAME("name", 0, 1, Type.STRING, true),
    STRING("string", 0, 1, Type.STRING, false),
    CONCAT("concat", 2, Integer.MAX_VALUE, Type.STRING, false),
    STARTS_WITH("starts-with", 2, 2, Type.BOOLEAN, false),
    CONTAINS("contains", 2, 2, Type.BOOLEAN, false),
    SUBSTRING_BEFORE("substring-before", 2, 2, Type.STRING, false),
    SUBSTRING_AFTER("substring-after", 2, 2, Type.STRING, false),
    SUBSTRING("substring", 2, 3, Type.STRING, false),
    STRING_LENGTH("string-length", 0, 1, Type.NUMBER, false),
    NORMALIZE_SPACE("normalize-space", 0, 1, Type.STRING, false),
    TRANSLATE("translate", 3, 3, Type.STRING, false),
    BOOLEAN("boolean", 1, 1, Type.BOOLEAN, false),
    NOT("not", 1, 1, Type.BOOLEAN, false),
    TRUE("true", 0, 0, Type.BOOLEAN, false),
    FALSE("false", 0, 0, Type.BOOLEAN, false),
    LANG("lang", 1, 1, Type.BOOLEAN, false),
    NUMBER("number", 0, 1, Type.NUMBER, false),
    SUM("sum", 1, 1, Type.NUMBER, true),
    FLOOR("floor", 1, 1, Type.NUMBER, false),
    CEILING("ceiling", 1, 1, Type.NUMBER, false),
    ROUND("round", 1, 1, Type.NUMBER, false);

    private final String xpathName;
    private final int minArguments;
    private final int maxArguments;
    private final Type resultType;
    private final boolean nodeSetArgument;

    Builtin(String xpathName, int minArguments, int maxArguments, Type resultType, boolean nodeSetArgument) {
        this.xpathName = xpathName;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
        this.resultType = resultType;
        this.nodeSetArgument = nodeSetArgument;
    }

    String xpathName() {
        return xpathName;
    }

    int minArguments() {
        return minArguments;
    }

    int maxArguments() {
        return maxArguments;
    }

    Type resultType() {
        return resultType;
    }

    /** True when the (optional) argument must be a node-set, as for count() and local-name(). */
    boolean needsNodeSetArgument() {
        return nodeSetArgument;
    }

    /** The function with this unprefixed name, or null. */
    static Builtin named(String name) {
        for (Builtin b : values()) {
            if (b.xpathName.equals(name)) {
                return b;
            }
        }
        return null;
    }
}
