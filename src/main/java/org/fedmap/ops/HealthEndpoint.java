package org.fedmap.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} on the IF-MAP listener, without credentials, for a load balancer or cluster VIP
 * in front of the IF-MAP port: the same answer as on the admin listener, nothing else.
 */
public final class HealthEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);
    public static final String PATH = "/health";

    private final transient Health health;

    public HealthEndpoint(Health health) {
        this.health = health;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        String method = req.getMethod();
        Reply reply;
        if (!PATH.equals(req.getRequestURI())) {
            reply = Reply.error(404, "no such resource");
        } else if ("GET".equals(method) || "HEAD".equals(method)) {
            reply = health.reply();
        } else {
            resp.setHeader("Allow", "GET, HEAD");
            reply = Reply.error(405, "only GET");
        }
        try {
            resp.setStatus(reply.status());
            resp.setContentType(reply.contentType());
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentLength(reply.body().length);
            if (!"HEAD".equals(method)) {
                resp.getOutputStream().write(reply.body());
            }
            resp.flushBuffer();
        } catch (IOException e) {
            log.debug("could not answer a health check from {}: {}", req.getRemoteAddr(), e.toString());
        }
    }
}
