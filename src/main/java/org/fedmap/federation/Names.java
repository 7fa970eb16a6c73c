package org.fedmap.federation;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Role, capability and attribute names as the policies compare them: trimmed, never empty, and
 * case-sensitive ({@code Legal} and {@code legal} are two roles). Policy files are cleaned this way
 * when read; a session's names are cleaned the same way before they are compared, so a stray space
 * from a gateway does not make a role miss its policy.
 */
final class Names {
    private Names() {
    }

    /** The names trimmed, without empty ones and repeats, in their first order. */
    static List<String> clean(Collection<String> names) {
        return List.copyOf(names.stream().filter(Objects::nonNull).map(String::trim).filter(n -> !n.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }
}
