package org.fedmap.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.fedmap.model.Identifier;
import org.fedmap.model.Target;

/**
 * An identifier in the graph. Most identifiers have a handful of links and keep them in a small
 * array; a hub (a gateway's own address, linked to every session it serves) switches to a hash map.
 */
final class NodePlace extends Place {
    private static final int ARRAY_LIMIT = 8;

    final Identifier id;
    private LinkPlace[] few;
    private int fewCount;
    private HashMap<Identifier, LinkPlace> many;

    NodePlace(Identifier id) {
        this.id = id;
    }

    @Override
    Target target() {
        return id;
    }

    int linkCount() {
        return many != null ? many.size() : fewCount;
    }

    LinkPlace link(Identifier other) {
        if (many != null) {
            return many.get(other);
        }
        for (int i = 0; i < fewCount; i++) {
            if (few[i].otherEnd(this).id.equals(other)) {
                return few[i];
            }
        }
        return null;
    }

    void addLink(LinkPlace lp) {
        Identifier other = lp.otherEnd(this).id;
        if (many != null) {
            many.put(other, lp);
            return;
        }
        if (few == null) {
            few = new LinkPlace[2];
        }
        if (fewCount == few.length) {
            if (fewCount >= ARRAY_LIMIT) {
                many = new HashMap<>(ARRAY_LIMIT * 4);
                for (int i = 0; i < fewCount; i++) {
                    many.put(few[i].otherEnd(this).id, few[i]);
                }
                many.put(other, lp);
                few = null;
                fewCount = 0;
                return;
            }
            few = Arrays.copyOf(few, fewCount * 2);
        }
        few[fewCount++] = lp;
    }

    void removeLink(LinkPlace lp) {
        if (many != null) {
            many.remove(lp.otherEnd(this).id);
            return;
        }
        for (int i = 0; i < fewCount; i++) {
            if (few[i] == lp) {
                System.arraycopy(few, i + 1, few, i, fewCount - i - 1);
                few[--fewCount] = null;
                if (fewCount == 0) {
                    few = null;
                }
                return;
            }
        }
    }

    /** The links, as a snapshot. */
    List<LinkPlace> links() {
        if (many != null) {
            return new ArrayList<>(many.values());
        }
        List<LinkPlace> out = new ArrayList<>(fewCount);
        for (int i = 0; i < fewCount; i++) {
            out.add(few[i]);
        }
        return out;
    }

    boolean isEmpty() {
        return itemCount() == 0 && linkCount() == 0;
    }
}
