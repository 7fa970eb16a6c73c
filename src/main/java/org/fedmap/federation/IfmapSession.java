package org.fedmap.federation;

import java.util.List;
import java.util.Objects;
import org.fedmap.model.Identity;

/**
 * A user session as IF-MAP data: what a {@link SessionExportMapper} makes of a {@link LocalSession},
 * and what a {@link SessionImportMapper} reads at the gateway in front of a protected resource.
 *
 * <p>On the wire it is an access-request linked to the endpoint's ip-address ({@code access-request-ip}),
 * to its mac-address ({@code access-request-mac}) and to the identity ({@code authenticated-as}, with
 * the {@code role} items), with {@code capability} items on the access-request and
 * {@code device-attribute} items on its link to a device.
 *
 * @param identity                   the signed-in user
 * @param capabilities               capability names, in order, without repeats
 * @param roles                      IF-MAP role names, in order, without repeats
 * @param deviceAttributes           device-attribute names (e.g. the Host Checker policies passed)
 * @param macAdministrativeDomain    the administrative-domain of the endpoint's mac-address ("" for none)
 */
public record IfmapSession(Identity identity, List<String> capabilities, List<String> roles,
                           List<String> deviceAttributes, String macAdministrativeDomain) {
    public IfmapSession {
        Objects.requireNonNull(identity, "identity");
        capabilities = distinct(capabilities);
        roles = distinct(roles);
        deviceAttributes = distinct(deviceAttributes);
        macAdministrativeDomain = macAdministrativeDomain == null ? "" : macAdministrativeDomain;
    }

    private static List<String> distinct(List<String> names) {
        return List.copyOf(new java.util.LinkedHashSet<>(names));
    }
}
