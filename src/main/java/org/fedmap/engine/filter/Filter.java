package org.fedmap.engine.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;

/** Interim filter: element-name tests joined by "or". Replaced by the full XPath subset. */
public final class Filter {
    public static final Filter ALL = new Filter(null, null);
    public static final Filter NONE = new Filter("", List.of());

    private final String expression;
    private final List<String[]> names;

    private Filter(String expression, List<String[]> names) {
        this.expression = expression;
        this.names = names;
    }

    public static Filter compile(String expression, Function<String, String> prefixes) {
        if (expression.isBlank()) {
            return NONE;
        }
        List<String[]> names = new ArrayList<>();
        for (String part : expression.trim().split("\\s+or\\s+")) {
            int c = part.indexOf(':');
            String prefix = c < 0 ? "" : part.substring(0, c);
            String uri = c < 0 ? "" : prefixes.apply(prefix);
            if (uri == null) {
                throw new IfmapException(ErrorCode.Failure, "filter '" + expression + "': prefix '" + prefix + "' is not declared");
            }
            names.add(new String[] {uri, part.substring(c + 1)});
        }
        return new Filter(expression, names);
    }

    public boolean matches(Metadata item, ProtocolVersion reader) {
        if (names == null) {
            return true;
        }
        for (String[] n : names) {
            if (n[0].equals(item.namespace()) && n[1].equals(item.localName())) {
                return true;
            }
        }
        return false;
    }

    public boolean isAll() {
        return this == ALL;
    }

    public boolean isNone() {
        return names != null && names.isEmpty();
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return String.valueOf(expression);
    }
}
