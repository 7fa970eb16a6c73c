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
 */
public record PublishBatch(String publisherId, String sessionId, ProtocolVersion version,
                           List<PublishOperation> operations) {
    public PublishBatch {
        operations = List.copyOf(operations);
    }
}
