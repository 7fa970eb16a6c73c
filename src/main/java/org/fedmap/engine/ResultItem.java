package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;

/** An identifier or a link of a result with the metadata the reader is shown (possibly none). */
public record ResultItem(Target target, List<Metadata> metadata) {
    public ResultItem {
        metadata = List.copyOf(metadata);
    }
}
