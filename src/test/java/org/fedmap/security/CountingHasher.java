package org.fedmap.security;

import java.util.concurrent.atomic.AtomicInteger;

/** The real hasher, counting how often the slow check runs. */
final class CountingHasher extends PasswordHasher {
    final AtomicInteger verifications = new AtomicInteger();

    @Override
    public boolean verify(char[] password, String encoded) {
        verifications.incrementAndGet();
        return super.verify(password, encoded);
    }
}
