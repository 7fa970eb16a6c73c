/**
 * Operations: the admin API on its own HTTPS listener (status, clients, admin accounts, the
 * federated-session view), metrics for Prometheus, and health for load balancers. Read-only views of
 * sessions, engine and security, plus the few admin actions (deactivating, activating and removing a
 * federated session, dumping the graph). It reaches the graph only through the engine's public methods
 * and never changes IF-MAP semantics.
 */
package org.fedmap.ops;
