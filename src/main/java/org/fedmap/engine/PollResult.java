package org.fedmap.engine;

import java.util.List;

/** What a poll returns: entries in the order the changes happened. */
public record PollResult(List<PollEntry> entries) {
    public PollResult {
        entries = List.copyOf(entries);
    }

    public boolean hasErrors() {
        return entries.stream().anyMatch(e -> e.kind() == PollEntry.Kind.ERROR);
    }
}
