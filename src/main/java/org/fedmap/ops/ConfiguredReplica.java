package org.fedmap.ops;

import java.util.List;
import org.fedmap.store.ReplicaRecord;

/**
 * One replica as {@code GET /api/replicas} lists it: its configuration without secrets (no password,
 * sealed or not; CA certificates are left to {@code fedmap replica show}). It says nothing of a
 * connection, because none is made yet.
 *
 * @param name           its name
 * @param url            where this server would reach it
 * @param hostname       the name its certificate must carry
 * @param allowedSources where it may connect in from
 * @param auth           {@code basic} or {@code certificate}
 * @param user           the basic user name; null for certificate authentication
 * @param restrictions   the subject patterns its certificate must match; empty for basic authentication
 * @param createdAt      when it was configured (ISO-8601, UTC)
 */
public record ConfiguredReplica(String name, String url, String hostname, List<String> allowedSources, String auth,
                                String user, List<String> restrictions, String createdAt) {

    public static ConfiguredReplica of(ReplicaRecord r) {
        return new ConfiguredReplica(r.name(), r.url(), r.hostname(), r.allowedSources(), r.authMethod().label(),
                r.user(), r.restrictions(), r.createdAt().toString());
    }
}
