/**
 * The command line: {@code serve}, {@code client}, {@code pki}, {@code backup}, {@code restore},
 * {@code bench}, {@code status} and {@code admin}. Commands parse options, wire the parts together and
 * report; they hold no IF-MAP logic of their own. {@code status} and {@code client status} are clients
 * of a running server's admin API.
 */
package org.fedmap.cli;
