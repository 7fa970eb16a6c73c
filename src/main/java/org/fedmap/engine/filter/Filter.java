package org.fedmap.engine.filter;

import java.util.function.Function;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;

/**
 * A compiled IF-MAP filter ({@code match-links}, {@code result-filter}, a publish delete's
 * {@code filter}): an XPath 1.0 expression evaluated against one metadata item at a time.
 *
 * <p>The context node is a document whose only child is the metadata element, so {@code meta:role}
 * asks "is this a role?" and {@code meta:role[name='x']} looks inside. The element carries its
 * stored attributes plus the server's operational attributes under the names of the reader's
 * protocol version ({@code ifmap-publisher-id} for 2.x, {@code publisher-id} for 1.1). A predicate
 * with no step before it, as in {@code [@ifmap-publisher-id='X']}, applies to any metadata element.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class Filter {
    /** The attribute was absent: every item matches. */
    public static final Filter ALL = new Filter(null, null);
    /** The attribute was present but empty: no item matches. */
    public static final Filter NONE = new Filter("", null);

    private final String expression;
    private final Expr compiled;

    private Filter(String expression, Expr compiled) {
        this.expression = expression;
        this.compiled = compiled;
    }

    /**
     * Compiles an expression. Prefixes are resolved now through {@code prefixes} (which returns the
     * URI, or null when the prefix is unbound); an unbound prefix, bad syntax, an unknown function
     * or an unsupported construct throws {@code IfmapException(ErrorCode.Failure, message)} whose
     * message quotes the expression and says what is wrong. An expression that is empty or only
     * white space compiles to {@link #NONE}; a null expression (the attribute is absent) to {@link #ALL}.
     */
    public static Filter compile(String expression, Function<String, String> prefixes) {
        if (expression == null) {
            return ALL;
        }
        if (expression.isBlank()) {
            return NONE;
        }
        return new Filter(expression, Parser.parse(expression, prefixes));
    }

    /**
     * Evaluates against one item as a reader of {@code reader}'s version sees it. Thread-safe, no
     * locking. The item's stored XML is parsed only when the expression looks beyond the element's
     * name and operational attributes, and then once per call.
     *
     * @throws IllegalStateException from {@link Metadata#element()} when the stored XML has to be
     *         read and is not well-formed
     */
    public boolean matches(Metadata item, ProtocolVersion reader) {
        if (compiled == null) {
            return expression == null;
        }
        return new Evaluator(item, reader).matches(compiled);
    }

    public boolean isAll() {
        return this == ALL;
    }

    public boolean isNone() {
        return this == NONE;
    }

    /** The source text: "" for {@link #NONE}, null for {@link #ALL}. */
    public String expression() {
        return expression;
    }

    /** The expression; for {@link #ALL}, which has none, a description in angle brackets. */
    @Override
    public String toString() {
        return expression != null ? expression : "<all>";
    }
}
