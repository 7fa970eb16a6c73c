package org.fedmap.engine;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.IdentifierType;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Identity;

/**
 * The terminal-identifier-type list of a search: identifiers of these types are returned but not
 * traversed beyond. Besides the five element names, {@code identity:<type>} restricts the stop to
 * identities of one type (as IF-MAP 2.2 servers accept).
 */
public final class TerminalIdentifiers {
    public static final TerminalIdentifiers NONE = new TerminalIdentifiers(EnumSet.noneOf(IdentifierType.class), Set.of());

    private final Set<IdentifierType> types;
    private final Set<Identity.Type> identityTypes;

    private TerminalIdentifiers(Set<IdentifierType> types, Set<Identity.Type> identityTypes) {
        this.types = types;
        this.identityTypes = identityTypes;
    }

    /** Parses the attribute value; null means none. Empty entries and unknown names are refused. */
    public static TerminalIdentifiers parse(String list) {
        if (list == null) {
            return NONE;
        }
        Set<IdentifierType> types = EnumSet.noneOf(IdentifierType.class);
        Set<Identity.Type> identityTypes = new HashSet<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new IfmapException(ErrorCode.Failure,
                        "terminal-identifier-type '" + list + "' has an empty entry");
            }
            IdentifierType t = IdentifierType.fromElementName(entry);
            if (t != null) {
                types.add(t);
                continue;
            }
            if (entry.startsWith("identity:")) {
                Identity.Type it = Identity.Type.fromXml(entry.substring("identity:".length()));
                if (it != null) {
                    identityTypes.add(it);
                    continue;
                }
            }
            throw new IfmapException(ErrorCode.Failure, "terminal-identifier-type '" + list
                    + "' names '" + entry + "', which is not an identifier type");
        }
        return new TerminalIdentifiers(types, Set.copyOf(identityTypes));
    }

    public boolean isTerminal(Identifier id) {
        if (types.contains(id.type())) {
            return true;
        }
        return id instanceof Identity identity && identityTypes.contains(identity.identityType());
    }
}
