/**
 * Operations: the admin API on its own HTTPS listener (status, clients, admin accounts), metrics for
 * Prometheus, and health for load balancers. Read-only views of sessions, engine and security, plus the
 * few admin actions; it never decides IF-MAP semantics and never writes to the graph behind the engine.
 */
package org.fedmap.ops;
