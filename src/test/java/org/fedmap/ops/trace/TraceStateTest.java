package org.fedmap.ops.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TraceStateTest {

    @Test
    void onAndOffPerClientAndForAll() {
        TraceState a = TraceState.OFF.on("alice");
        assertTrue(a.traces("alice"));
        assertFalse(a.traces("bob"));
        assertFalse(a.traces(null), "a refused request that names nobody is traced only when all are");
        TraceState ab = a.on("bob");
        assertEquals("on for clients 'alice', 'bob'", ab.describe());
        assertSame(TraceState.OFF, ab.off("alice").off("bob"), "off for the last client is off");

        TraceState all = ab.onForAll();
        assertTrue(all.traces("carol"));
        assertTrue(all.traces(null));
        assertEquals("on for all clients", all.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> all.off("alice"));
        assertTrue(e.getMessage().contains("fedmap trace off"), e.getMessage());
        assertEquals("off", TraceState.OFF.describe());
    }

    @Test
    void theStoredFormReadsBackTheSame() {
        TraceState some = TraceState.OFF.on("bob").on("alice");
        assertEquals(some, TraceState.fromSetting(some.toSetting()));
        TraceState all = some.onForAll();
        assertEquals(all, TraceState.fromSetting(all.toSetting()));
        assertSame(TraceState.OFF, TraceState.fromSetting(TraceState.OFF.toSetting()));
    }

    @Test
    void anUnreadableSettingIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceState.fromSetting("on please"));
        assertTrue(e.getMessage().startsWith("the stored trace setting cannot be read"), e.getMessage());
    }
}
