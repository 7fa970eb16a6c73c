package org.fedmap.security;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.fedmap.security.AuthResult.Refusal;
import org.fedmap.store.ClientRecord;

/**
 * The door every IF-MAP request passes: who is it (HTTP Basic credentials, or else the TLS client
 * certificate), and may that client come in now, from there (enabled, not expired, an allowed
 * source address)? Failed logins from one address are answered more and more slowly.
 *
 * <p>The client is identified before the admission rules are applied, so that a refusal for the
 * source address or the expiry tells nothing to someone who could not prove who they are.
 */
public final class ClientAdmission {
    private final ClientRegistry registry;
    private final BasicAuthenticator basic;
    private final CertificateAuthenticator certificates;
    private final LoginThrottle throttle;
    private final Clock clock;

    public ClientAdmission(ClientRegistry registry, BasicAuthenticator basic, CertificateAuthenticator certificates,
                           LoginThrottle throttle, Clock clock) {
        this.registry = registry;
        this.basic = basic;
        this.certificates = certificates;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * Decides on one request.
     *
     * @param authorization the Authorization header, or null; a request that has one is judged by it
     *                      alone (certificate clients send none)
     * @param chain         the client certificate chain from the TLS handshake, or null
     * @param remoteAddress the peer's address as the transport reports it
     */
    public AuthResult admit(String authorization, X509Certificate[] chain, String remoteAddress) {
        AuthResult who = authorization != null && !authorization.isBlank()
                ? basic.authenticate(authorization)
                : certificates.authenticate(chain, remoteAddress);
        if (who instanceof AuthResult.Refused refused) {
            if (refused.offeredNothing()) {
                return refused;
            }
            return refused.delayedBy(throttle.failed(remoteAddress));
        }
        // A success does not clear the address's count: only failures are ever slowed down, and
        // someone holding one valid password must not be able to wipe it between guesses at others.
        ClientIdentity client = ((AuthResult.Authenticated) who).client();
        Optional<RegisteredClient> registered = registry.registered(client.name());
        if (registered.isEmpty()) {
            // removed between the check and now
            return new AuthResult.Refused(Refusal.UNAUTHENTICATED, "client '" + client.name() + "' was just removed",
                    Duration.ZERO);
        }
        String refusal = refusal(registered.get(), remoteAddress);
        if (refusal != null) {
            return new AuthResult.Refused(Refusal.FORBIDDEN, refusal, Duration.ZERO);
        }
        return new AuthResult.Authenticated(ClientIdentity.of(registered.get().record()));
    }

    /** Why {@code client} may not be admitted from {@code address} now, or null if it may. */
    public String refusal(RegisteredClient client, String address) {
        ClientRecord r = client.record();
        if (client.defect() != null) {
            return "client '" + r.name() + "' cannot be admitted: " + client.defect();
        }
        if (!r.enabled()) {
            return "client '" + r.name() + "' is disabled";
        }
        if (r.expires() != null && LocalDate.now(clock).isAfter(r.expires())) {
            return "client '" + r.name() + "' expired after " + r.expires();
        }
        if (!client.admitsAddress(address)) {
            return "client '" + r.name() + "' may not connect from " + address + " (allowed: "
                    + String.join(", ", r.allowedSources()) + ")";
        }
        return null;
    }

    /** Why the client named {@code name} may not be admitted from {@code address} now, or null if it may. */
    public String refusal(String name, String address) {
        Optional<RegisteredClient> client = registry.registered(name);
        return client.isPresent() ? refusal(client.get(), address) : "client '" + name + "' is no longer registered";
    }
}
