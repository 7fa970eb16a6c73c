/**
 * Operations: admin API, metrics, health; read-only views of session/engine/security, plus the few
 * admin actions (deactivating, activating and removing a federated session, dumping the graph). It
 * reaches the graph only through the engine's public methods and never changes IF-MAP semantics.
 */
package org.fedmap.ops;
