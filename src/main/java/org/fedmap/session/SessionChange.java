package org.fedmap.session;

import org.fedmap.engine.Change;

/**
 * A change a session made to the graph, told once it is committed: what a publish or a
 * purgePublisher really applied, or the session metadata deleted when the session ended. It says
 * who made the change, which the engine's {@link Change} does not.
 *
 * @param client        the session's client
 * @param sessionId     the session
 * @param sourceAddress the address the session was opened from
 * @param request       the {@link Request.Publish}, or the {@link Request.PurgePublisher} (its
 *                      publisher-id always set), that made the change; null when the session ended
 * @param endReason     why the session ended; null when {@code request} is set
 * @param change        what the engine applied; null when a purge found nothing to remove
 */
public record SessionChange(String client, String sessionId, String sourceAddress, Request request, String endReason,
                            Change change) {
}
