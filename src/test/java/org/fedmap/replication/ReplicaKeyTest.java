package org.fedmap.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaKeyTest {
    private static final char[] PASSWORD = "Zürich-replica-secret 7".toCharArray();

    @TempDir
    Path data;

    @Test
    void aPasswordSealedWithTheKeyOpensAgainAfterTheKeyIsReadBackFromItsFile() {
        assertEquals(Optional.empty(), ReplicaKey.load(data));
        String sealed = ReplicaKey.loadOrCreate(data).seal("london", "boston", PASSWORD);
        ReplicaKey again = ReplicaKey.load(data).orElseThrow();
        assertArrayEquals(PASSWORD, again.open("london", "boston", sealed));
        assertArrayEquals(PASSWORD, ReplicaKey.loadOrCreate(data).open("london", "boston", sealed),
                "a second use keeps the key it made the first time");
    }

    @Test
    void theSealedTextRevealsNothingOfThePassword() {
        ReplicaKey key = ReplicaKey.loadOrCreate(data);
        String sealed = key.seal("london", "boston", PASSWORD);
        String plain = new String(PASSWORD);
        assertTrue(sealed.startsWith("v1:"), sealed);
        assertFalse(sealed.contains(plain));
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("replica-secret"));
        assertFalse(new String(raw, StandardCharsets.UTF_8).contains("replica-secret"));
        assertNotEquals(sealed, key.seal("london", "boston", PASSWORD), "a fresh nonce each time");
    }

    @Test
    void theKeyFileIsOwnerOnly() throws Exception {
        ReplicaKey.loadOrCreate(data);
        Path file = ReplicaKey.file(data);
        assertEquals(data.resolve("replication").resolve("replica.key"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void aSealedPasswordOpensOnlyForItsReplicaAndUserAndWithItsKey() throws Exception {
        String sealed = ReplicaKey.loadOrCreate(data).seal("london", "boston", PASSWORD);
        ReplicaKey key = ReplicaKey.load(data).orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> key.open("tokyo", "boston", sealed),
                "copied onto another replica's row, it does not open");
        assertThrows(IllegalArgumentException.class, () -> key.open("london", "other", sealed));
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(IllegalArgumentException.class, () -> key.open("london", "boston", tampered));
        assertThrows(IllegalArgumentException.class, () -> key.open("london", "boston", "plain text"));

        Path other = Files.createDirectories(data.resolve("other"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplicaKey.loadOrCreate(other).open("london", "boston", sealed));
        assertTrue(e.getMessage().contains("does not open with this server's replica key"), e.getMessage());
    }

    @Test
    void aDamagedKeyFileIsReportedNotReplaced() throws Exception {
        Files.createDirectories(data.resolve("replication"));
        Files.writeString(ReplicaKey.file(data), "not a key\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReplicaKey.loadOrCreate(data));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertEquals("not a key\n", Files.readString(ReplicaKey.file(data)));
    }
}
