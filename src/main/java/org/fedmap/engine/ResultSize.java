package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;

/**
 * Estimated encoded size of results, for max-size and max-poll-result-size. The estimate follows
 * the 2.x encoding (element and attribute names plus values); it is within a few percent of the
 * bytes sent, which is what limits meant to protect memory and bandwidth need.
 */
final class ResultSize {
    private static final int RESULT_ITEM = 26;   // <resultItem></resultItem>
    private static final int METADATA_LIST = 21; // <metadata></metadata>

    private ResultSize() {
    }

    static long of(Target t, List<Metadata> items) {
        long size = RESULT_ITEM + target(t);
        if (!items.isEmpty()) {
            size += METADATA_LIST;
            for (Metadata m : items) {
                size += m.renderedSize();
            }
        }
        return size;
    }

    static long of(List<ResultItem> items) {
        long size = 0;
        for (ResultItem i : items) {
            size += of(i.target(), i.metadata());
        }
        return size;
    }

    static int target(Target t) {
        if (t instanceof Link l) {
            return identifier(l.first()) + identifier(l.second());
        }
        return identifier((Identifier) t);
    }

    static int identifier(Identifier id) {
        int ad = id.administrativeDomain().isEmpty() ? 0 : id.administrativeDomain().length() + 25;
        if (id instanceof AccessRequest a) {
            return 27 + a.name().length() + ad;
        }
        if (id instanceof Device d) {
            return 40 + d.value().length();
        }
        if (id instanceof Identity i) {
            return 34 + i.name().length() + i.identityType().xmlValue().length() + ad
                    + (i.otherTypeDefinition() == null ? 0 : i.otherTypeDefinition().length() + 25);
        }
        if (id instanceof IpAddress ip) {
            return 34 + ip.value().length() + ad;
        }
        return 28 + ((MacAddress) id).value().length() + ad;
    }
}
