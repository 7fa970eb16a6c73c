package org.fedmap.wire;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.Callback;
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

    /** Closes a connection (the session it served hears of it like of any close). */
    public void close(String connectionId) {
        Connection c = open.get(connectionId);
        if (c != null) {
            c.close();
        }
    }

    /** Lifts the idle timeout of an authenticated client's connection. */
    public void keepOpen(String connectionId) {
        Connection c = open.get(connectionId);
        if (c != null && c.getEndPoint().getIdleTimeout() > 0) {
            c.getEndPoint().setIdleTimeout(0);
        }
    }

    /**
     * Watches a connection whose request is held (a waiting poll). Jetty reads nothing from such a
     * connection, so a client that closes it, or a peer that TCP keep-alive finds dead, would go
     * unnoticed and its session would never start its fail-secure timer. The watch reads the
     * connection itself: end of stream or an error closes it (and the session hears of the close);
     * so do bytes from a client that sends again before its poll was answered, which no IF-MAP
     * client may do. Run the returned action before answering the held request: Jetty refuses to
     * complete a response while a read is registered.
     */
    public Runnable watchWhileHeld(String connectionId) {
        Connection c = open.get(connectionId);
        if (c == null || !(c.getEndPoint() instanceof AbstractEndPoint endPoint)) {
            return () -> { };
        }
        CloseWatch watch = new CloseWatch(c, endPoint);
        watch.arm();
        return watch::disarm;
    }

    /**
     * A read registered on a held request's connection. Arming, disarming and the read's completion
     * are serialized on the watch, so a disarm can never leave a registration behind.
     */
    private static final class CloseWatch implements Callback {
        private static final Throwable DISARMED = new IOException("close watch disarmed") {
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
        private final Connection connection;
        private final AbstractEndPoint endPoint;
        private boolean registered;
        private boolean done;

        CloseWatch(Connection connection, AbstractEndPoint endPoint) {
            this.connection = connection;
            this.endPoint = endPoint;
        }

        synchronized void arm() {
            if (!done && !registered) {
                registered = endPoint.tryFillInterested(this);
            }
        }

        synchronized void disarm() {
            done = true;
            if (registered) {
                registered = false;
                endPoint.getFillInterest().onFail(DISARMED);
            }
        }

        @Override
        public void succeeded() {
            // the read happens under the monitor, so disarm() (which precedes the answer) waits for it:
            // bytes read here were sent before the poll was answered
            synchronized (this) {
                boolean mine = registered && !done;
                registered = false;
                if (!mine) {
                    return; // the held request is being answered; Jetty reads on from here
                }
                try {
                    int n = endPoint.fill(ByteBuffer.allocate(256));
                    if (n == 0) {
                        arm();
                        return;
                    }
                    if (n > 0) {
                        log.info("closing connection {}: the client sent a request while its poll was still waiting",
                                ((ConnectionMetaData) connection).getId());
                    }
                } catch (IOException e) {
                    log.debug("connection {} failed while its poll waited: {}",
                            ((ConnectionMetaData) connection).getId(), e.toString());
                }
                done = true;
            }
            connection.close();
        }

        @Override
        public synchronized void failed(Throwable cause) {
            registered = false;
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
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
