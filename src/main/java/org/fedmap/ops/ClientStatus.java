package org.fedmap.ops;

import java.util.List;

/**
 * One IF-MAP client as {@code GET /api/clients} answers and {@code fedmap client status} shows it.
 *
 * @param state         enabled, disabled or expired (its registration)
 * @param connected     whether one of its sessions has an open connection now
 * @param lastContact   its last request on any session since the server started (ISO-8601), or null
 * @param metadataItems items in the graph under its publisher-id
 * @param refusals      requests naming it refused since the server started (wrong password, disabled,
 *                      expired, source address not allowed)
 * @param sessions      its sessions now, one per source address
 */
public record ClientStatus(String name, String publisherId, String state, boolean connected, String lastContact,
                           long metadataItems, long refusals, List<SessionStatus> sessions) {

    /**
     * One session of a client.
     *
     * @param version "1.1" or "2"
     */
    public record SessionStatus(String sessionId, String sourceAddress, String version, String startedAt,
                                String lastContact, boolean ssrcOpen, boolean arcOpen, boolean pollWaiting,
                                int subscriptions) {
    }
}
