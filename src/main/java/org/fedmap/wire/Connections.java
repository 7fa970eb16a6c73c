package org.fedmap.wire;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the HTTPS listener's connections. IF-MAP tells a session's SSRC and ARC apart by TCP
 * connection and ends a session only once its client has no connection left, so the server needs
 * to know when connections open and close, and must not cut a client's channels for being idle
 * (IF-MAP clients such as ifmapj do not reconnect a channel the server closed). Dead peers are
 * found by TCP keep-alive instead.
 */
public final class Connections implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    /** Keep-alive probing: first probe after this many idle seconds, then every 10 s, give up after 6. */
    private static final int KEEPALIVE_IDLE_SECONDS = 60;

    private final ConcurrentHashMap<String, Connection> open = new ConcurrentHashMap<>();
    private final Consumer<String> onClosed;

    /** @param onClosed told the id of every connection that closed */
    public Connections(Consumer<String> onClosed) {
        this.onClosed = onClosed;
    }

    public int openCount() {
        return open.size();
    }

    @Override
    public void onOpened(Connection connection) {
        enableKeepAlive(connection.getEndPoint());
        if (connection instanceof ConnectionMetaData md) {
            open.put(md.getId(), connection);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof ConnectionMetaData md && open.remove(md.getId()) != null) {
            try {
                onClosed.accept(md.getId());
            } catch (RuntimeException e) {
                log.error("handling the close of connection {} failed", md.getId(), e);
            }
        }
    }

    /** Lifts the idle timeout of an authenticated client's connection. */
    public void keepOpen(String connectionId) {
        Connection c = open.get(connectionId);
        if (c != null && c.getEndPoint().getIdleTimeout() > 0) {
            c.getEndPoint().setIdleTimeout(0);
        }
    }

    private static void enableKeepAlive(EndPoint endPoint) {
        if (!(endPoint.getTransport() instanceof NetworkChannel channel)) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            setIfSupported(channel, "TCP_KEEPIDLE", KEEPALIVE_IDLE_SECONDS);
            setIfSupported(channel, "TCP_KEEPINTERVAL", 10);
            setIfSupported(channel, "TCP_KEEPCOUNT", 6);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("TCP keep-alive not enabled: {}", e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static void setIfSupported(NetworkChannel channel, String name, int value) throws IOException {
        for (SocketOption<?> option : channel.supportedOptions()) {
            if (option.name().equals(name) && option.type() == Integer.class) {
                channel.setOption((SocketOption<Integer>) option, value);
            }
        }
    }
}
