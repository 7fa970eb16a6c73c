package org.fedmap.federation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user's session on the gateway that signed the user in, as that gateway knows it: what a
 * {@link SessionExportMapper} turns into IF-MAP data.
 *
 * @param username            the sign-in name
 * @param realm               the sign-in realm ("" when the gateway has none)
 * @param roles               the local roles the session holds, in the gateway's order
 * @param ip                  the endpoint's IPv4 or IPv6 address; kept in IF-MAP canonical form ({@link Addresses#ip})
 * @param mac                 the endpoint's MAC address, kept in canonical form ({@link Addresses#mac}); null when unknown
 * @param hostCheckerPolicies the names of the Host Checker policies the endpoint passed
 * @param signInTime          when the user signed in
 */
public record LocalSession(String username, String realm, List<String> roles, String ip, String mac,
                           List<String> hostCheckerPolicies, Instant signInTime) {
    public LocalSession {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("a session needs a username");
        }
        realm = realm == null ? "" : realm;
        roles = List.copyOf(roles);
        ip = Addresses.ip(ip).value();
        mac = mac == null || mac.isBlank() ? null : Addresses.mac(mac);
        hostCheckerPolicies = List.copyOf(hostCheckerPolicies);
        Objects.requireNonNull(signInTime, "signInTime");
    }
}
