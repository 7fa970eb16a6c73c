package org.fedmap.ops;

/**
 * What an administrator's action on a federated session did, as the admin API answers it.
 *
 * @param action  {@code deactivate}, {@code activate} or {@code remove}
 * @param changed false when the session was already in the state asked for (deactivated, or active);
 *                a removal always changes it
 * @param session the session after the action; for a removal, as it was just before (it is gone now)
 */
public record SessionAction(String action, boolean changed, FederatedSession session) {
}
