package org.fedmap.engine;

import org.fedmap.model.Link;
import org.fedmap.model.Target;

/** A link in the graph. It exists only while it carries metadata. */
final class LinkPlace extends Place {
    final Link link;
    final NodePlace first;
    final NodePlace second;

    LinkPlace(Link link, NodePlace first, NodePlace second) {
        this.link = link;
        this.first = first;
        this.second = second;
    }

    @Override
    Target target() {
        return link;
    }

    NodePlace otherEnd(NodePlace end) {
        return end == first ? second : first;
    }
}
