package org.fedmap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fedmap.ops.FederatedSession.State;
import org.fedmap.ops.FederatedSession.User;
import org.junit.jupiter.api.Test;

class FederatedSessionTextTest {
    private final FederatedSession jdoe = new FederatedSession("access-request:alice:sid-0001", "alice:sid-0001", "",
            List.of(new User("jdoe", "username", "")), List.of("Employees", "VPN"), List.of("vpn-full"),
            List.of("AV-up-to-date"), List.of("198.51.100.20"), List.of("02:00:5e:00:53:20"), List.of("laptop-0042"),
            List.of("alice"), "2025-03-01T12:00:00Z", State.ACTIVE);
    private final FederatedSession smith = new FederatedSession("access-request:ic1:sid4f", "ic1:sid4f", "",
            List.of(new User("alice.smith\nforged line", "email-address", "corp")), List.of(), List.of(), List.of(),
            List.of("192.0.2.7"), List.of(), List.of(), List.of("ic1", "enforcer"), null, State.DEACTIVATED);

    @Test
    void aTableHasOneSessionALineInAlignedColumnsAndACount() {
        assertEquals(""
                        + "STATE        USER                     IP             MAC                GATEWAY       SINCE                 ROLES          SESSION\n"
                        + "active       jdoe                     198.51.100.20  02:00:5e:00:53:20  alice         2025-03-01T12:00:00Z  Employees,VPN  access-request:alice:sid-0001\n"
                        + "deactivated  alice.smith?forged line  192.0.2.7      -                  ic1,enforcer  -                     -              access-request:ic1:sid4f\n"
                        + "2 sessions (1 deactivated)\n",
                FederatedSessionText.table(List.of(jdoe, smith)));
        assertEquals("no federated sessions\n", FederatedSessionText.table(List.of()));
    }

    @Test
    void oneSessionIsDescribedFieldByField() {
        assertEquals(""
                + "session:           access-request:ic1:sid4f\n"
                + "state:             deactivated\n"
                + "since:             -\n"
                + "users:             alice.smith?forged line (email-address, domain corp)\n"
                + "ip addresses:      192.0.2.7\n"
                + "mac addresses:     -\n"
                + "devices:           -\n"
                + "roles:             -\n"
                + "capabilities:      -\n"
                + "device attributes: -\n"
                + "gateways:          ic1,enforcer\n", FederatedSessionText.describe(smith));
        assertEquals("device attributes: AV-up-to-date", FederatedSessionText.describe(jdoe).lines()
                .filter(l -> l.startsWith("device attributes")).findFirst().orElseThrow());
    }

    @Test
    void anActionNamesTheSessionWithItsUserAddressAndGatewaysInOneLine() {
        assertEquals("access-request:alice:sid-0001 (user jdoe, ip 198.51.100.20, gateway alice)",
                FederatedSessionText.summary(jdoe));
        assertEquals("access-request:ic1:sid4f (user alice.smith?forged line, ip 192.0.2.7, gateway ic1,enforcer)",
                FederatedSessionText.summary(smith));
    }
}
