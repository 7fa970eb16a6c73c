package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.ProtocolVersion;

/**
 * A publish request as the engine applies it.
 *
 * @param publisherId the publisher the server stamps on every item
 * @param sessionId   the publishing session (owner of session-lifetime items)
 * @param version     the publisher's protocol version; delete filters see operational attributes by its names
 * @param operations  applied in order, atomically
 * @param itemLimit   how many stored items the publisher may have once the batch is applied; a batch
 *                    that would leave it above this and above what it had before is refused whole
 */
public record PublishBatch(String publisherId, String sessionId, ProtocolVersion version,
                           List<PublishOperation> operations, long itemLimit) {
    public PublishBatch {
        operations = List.copyOf(operations);
        if (itemLimit < 0) {
            throw new IllegalArgumentException("itemLimit must not be negative");
        }
    }

    /** A batch whose publisher has no cap on stored items. */
    public PublishBatch(String publisherId, String sessionId, ProtocolVersion version,
                        List<PublishOperation> operations) {
        this(publisherId, sessionId, version, operations, Long.MAX_VALUE);
    }
}
