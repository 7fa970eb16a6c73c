package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesIntoAPhcStringThatVerifies() {
        String encoded = hasher.hash("correct horse".toCharArray());
        assertTrue(encoded.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), encoded);
        assertTrue(hasher.verify("correct horse".toCharArray(), encoded));
    }

    @Test
    void refusesAWrongPassword() {
        String encoded = hasher.hash("correct horse".toCharArray());
        assertFalse(hasher.verify("correct horsE".toCharArray(), encoded));
        assertFalse(hasher.verify(new char[0], encoded));
        assertFalse(hasher.verify(null, encoded));
    }

    @Test
    void hashesOfTheSamePasswordDiffer() {
        String a = hasher.hash("same".toCharArray());
        String b = hasher.hash("same".toCharArray());
        assertNotEquals(a, b);
        assertTrue(hasher.verify("same".toCharArray(), a));
        assertTrue(hasher.verify("same".toCharArray(), b));
    }

    @Test
    void handlesNonAsciiPasswords() {
        String encoded = hasher.hash("pässwörd:ü€".toCharArray());
        assertTrue(hasher.verify("pässwörd:ü€".toCharArray(), encoded));
        assertFalse(hasher.verify("passwoerd:ue€".toCharArray(), encoded));
    }

    @Test
    void malformedEncodedStringsNeverVerify() {
        String good = hasher.hash("pw".toCharArray());
        String[] bad = {
            null, "", "pw", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            good.replace("v=19", "v=16"),
            good.replace("m=19456", "m=abc"),
            good.replace("m=19456", "m=99999999"), // more memory than a stored hash may ask for
            good.replace("t=2", "t=0"),
            good.replace("p=1", "p=0"),
            good.substring(0, good.lastIndexOf('$')),
            good + "$extra",
            good.substring(0, good.length() - 1) + "!",
            good.substring(0, good.lastIndexOf('$') + 1) + "A", // hash too short
        };
        for (String s : bad) {
            assertFalse(hasher.verify("pw".toCharArray(), s), () -> "verified against " + s);
        }
    }

    @Test
    void readsTheCostParametersFromTheStoredString() {
        // A hash made elsewhere with cheaper parameters still verifies: nothing is assumed from the build.
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(1024).withIterations(1).withParallelism(2).withSalt(salt).build());
        byte[] hash = new byte[24];
        g.generateBytes("older".getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String encoded = "$argon2id$v=19$m=1024,t=1,p=2$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        assertTrue(hasher.verify("older".toCharArray(), encoded));
        assertFalse(hasher.verify("newer".toCharArray(), encoded));
        assertFalse(hasher.verify("older".toCharArray(), encoded.replace("t=1", "t=2")));
    }
}
