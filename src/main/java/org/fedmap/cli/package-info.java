/**
 * The command line: {@code serve}, {@code client}, {@code pki}, {@code backup}, {@code restore},
 * {@code trace}, {@code bench}, {@code status}, {@code sessions}, {@code dump} and {@code admin}.
 * Commands parse options, wire the parts together and report; they hold no IF-MAP logic of their own.
 * {@code status}, {@code client status}, {@code sessions} and {@code dump} are clients of a running
 * server's admin API.
 */
package org.fedmap.cli;
