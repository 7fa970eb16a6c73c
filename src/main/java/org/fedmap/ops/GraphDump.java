package org.fedmap.ops;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.fedmap.engine.Graph;
import org.fedmap.engine.ResultItem;
import org.fedmap.model.Identifier;
import org.fedmap.model.Link;
import org.fedmap.model.Target;
import org.fedmap.wire.Ifmap2Encoder;
import org.fedmap.xml.XmlWriter;

/**
 * The graph, or one identifier's neighbourhood, as an XML document for administrators: a root
 * {@code fedmap:dump} holding IF-MAP 2 style {@code resultItem}s (an identifier or a link's two
 * identifiers, then the metadata with its {@code ifmap-publisher-id} and {@code ifmap-timestamp}), one
 * a line. Unlike a search it shows what clients do not see: items of deactivated sessions, marked
 * {@code deactivated="true"}.
 */
final class GraphDump {
    static final String NAMESPACE = "urn:x-fedmap:dump:1";

    private GraphDump() {
    }

    /**
     * @param around null for the whole graph (identifiers sorted, then links sorted), else the
     *               identifier the neighbourhood was taken around (items in breadth-first order)
     */
    static String write(Graph.Dump dump, Identifier around, int depth, Instant now) {
        List<ResultItem> items = dump.items();
        if (around == null) {
            items = new ArrayList<>(items);
            items.sort(Comparator.comparing((ResultItem i) -> i.target() instanceof Link ? 1 : 0)
                    .thenComparing(i -> first(i.target()), Identifier.ORDER)
                    .thenComparing(i -> second(i.target()), Comparator.nullsFirst(Identifier.ORDER)));
        }
        long identifiers = 0;
        long links = 0;
        long metadata = 0;
        for (ResultItem i : items) {
            if (i.target() instanceof Link) {
                links++;
            } else {
                identifiers++;
            }
            metadata += i.metadata().size();
        }
        XmlWriter w = new XmlWriter(1024 + items.size() * 320);
        w.declaration().raw("\n");
        w.start("fedmap:dump").namespace("fedmap", NAMESPACE)
                .attribute("created", now.truncatedTo(ChronoUnit.SECONDS).toString());
        if (around != null) {
            w.attribute("around", IdentifierText.format(around)).attribute("depth", Integer.toString(depth));
        }
        w.attribute("identifiers", Long.toString(identifiers)).attribute("links", Long.toString(links))
                .attribute("metadata", Long.toString(metadata));
        StringBuilder md = new StringBuilder(512);
        for (ResultItem i : items) {
            w.raw("\n  ");
            w.start("resultItem");
            if (hidden(i.target(), dump.hidden())) {
                w.attribute("deactivated", "true");
            }
            Ifmap2Encoder.resultItemContent(w, i, md);
            w.end("resultItem");
        }
        w.raw("\n").end("fedmap:dump").raw("\n");
        return w.toString();
    }

    private static boolean hidden(Target t, Set<Identifier> hidden) {
        if (hidden.isEmpty()) {
            return false;
        }
        return t instanceof Link l ? hidden.contains(l.first()) || hidden.contains(l.second()) : hidden.contains(t);
    }

    private static Identifier first(Target t) {
        return t instanceof Link l ? l.first() : (Identifier) t;
    }

    private static Identifier second(Target t) {
        return t instanceof Link l ? l.second() : null;
    }
}
