package org.fedmap.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands every committed {@link Change} to its listeners, in sequence order, while the graph's write
 * lock is held, so a listener sees changes exactly in commit order. Listeners must be quick (hand
 * the change to their own queue); a listener that throws is logged and skipped, it cannot undo a
 * commit.
 */
public final class ChangeFeed {
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Consumer<Change> listener) {
        listeners.add(listener);
    }



    void publish(Change change) {
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ChangeFeed.class)
                        .error("change feed listener failed on change {}", change.sequence(), e);
            }
        }
    }
}
