package org.fedmap.security;

/** Who an authenticated request comes from: the registered client and its stable publisher-id. */
public record ClientIdentity(String name, String publisherId) {
}
