package org.fedmap.security;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
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
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

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
            if (authorization != null && !authorization.isBlank()) {
                BasicCredentials named = BasicCredentials.parse(authorization);
                if (named != null) {
                    named.erase();
                    countRefusal(named.name());
                }
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
            countRefusal(client.name());
            return new AuthResult.Refused(Refusal.FORBIDDEN, refusal, Duration.ZERO);
        }
        return new AuthResult.Authenticated(ClientIdentity.of(registered.get().record()));
    }

    /**
     * How many requests naming the registered client {@code name} were refused since the server started
     * (wrong password, disabled, expired, a source address not allowed): what an operator looks at when
     * a gateway cannot connect.
     */
    public long refusals(String name) {
        LongAdder n = refusals.get(name);
        return n == null ? 0 : n.sum();
    }

    /** Counted only for registered names, so that guessing names cannot grow the table. */
    private void countRefusal(String name) {
        if (registry.find(name).isPresent()) {
            refusals.computeIfAbsent(name, k -> new LongAdder()).increment();
        }
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
