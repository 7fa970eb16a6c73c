package org.fedmap.xml;

import java.util.Map;

/**
 * The namespace bindings in force on an element: its own declarations plus those of its ancestors.
 * Scopes are shared between elements that declare nothing, so a deep tree costs one map per
 * declaring element.
 */
public final class NamespaceScope {
    public static final NamespaceScope EMPTY = new NamespaceScope(null, Map.of());

    private final NamespaceScope parent;
    private final Map<String, String> declared;

    private NamespaceScope(NamespaceScope parent, Map<String, String> declared) {
        this.parent = parent;
        this.declared = declared;
    }

    /** A child scope with extra declarations (prefix "" is the default namespace, URI "" undeclares it). */
    public NamespaceScope with(Map<String, String> declarations) {
        return declarations.isEmpty() ? this : new NamespaceScope(this, Map.copyOf(declarations));
    }

    /**
     * The URI bound to a prefix, or null when it is not bound. The "xml" prefix is always bound;
     * the default namespace ("") resolves to "" when none is declared.
     */
    public String resolve(String prefix) {
        if ("xml".equals(prefix)) {
            return "http://www.w3.org/XML/1998/namespace";
        }
        for (NamespaceScope s = this; s != null; s = s.parent) {
            String uri = s.declared.get(prefix);
            if (uri != null) {
                return uri;
            }
        }
        return prefix.isEmpty() ? "" : null;
    }
}
