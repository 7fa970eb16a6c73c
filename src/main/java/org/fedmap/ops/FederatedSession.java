package org.fedmap.ops;

import java.util.List;

/**
 * One federated session as an administrator sees it: what a gateway published when a user signed
 * in, read from the session's access-request, its metadata and its links. Plain fields, so it reads
 * well as JSON.
 *
 * @param id                   the access-request in {@link IdentifierText} form: what deactivate,
 *                             activate and remove take
 * @param accessRequest        the access-request's name
 * @param administrativeDomain the access-request's administrative-domain ("" when none)
 * @param users                identities linked by {@code authenticated-as}
 * @param roles                {@code role} names on the access-request or its links ({@code name@domain}
 *                             when the role names an administrative-domain)
 * @param capabilities         {@code capability} names, likewise
 * @param deviceAttributes     {@code device-attribute} names, likewise (e.g. passed Host Checker policies)
 * @param ipAddresses          endpoint addresses linked by {@code access-request-ip}
 * @param macAddresses         endpoint MAC addresses linked by {@code access-request-mac}
 * @param devices              devices linked by {@code access-request-device}
 * @param gateways             publisher-ids (client names) of the session's metadata, the earliest
 *                             publisher first: the gateway that published the session, then any that added to it
 * @param since                when its oldest metadata item was published (ISO-8601, UTC); null when
 *                             nothing is left of a deactivated session but the mark
 * @param state                active, or deactivated (hidden from searches and subscriptions)
 */
public record FederatedSession(String id, String accessRequest, String administrativeDomain, List<User> users,
                               List<String> roles, List<String> capabilities, List<String> deviceAttributes,
                               List<String> ipAddresses, List<String> macAddresses, List<String> devices,
                               List<String> gateways, String since, State state) {
    public FederatedSession {
        users = List.copyOf(users);
        roles = List.copyOf(roles);
        capabilities = List.copyOf(capabilities);
        deviceAttributes = List.copyOf(deviceAttributes);
        ipAddresses = List.copyOf(ipAddresses);
        macAddresses = List.copyOf(macAddresses);
        devices = List.copyOf(devices);
        gateways = List.copyOf(gateways);
    }

    /** A signed-in user: the identity's name, its type ({@code username}, {@code email-address}, ...) and domain. */
    public record User(String name, String type, String administrativeDomain) {
    }

    public enum State { ACTIVE, DEACTIVATED }
}
