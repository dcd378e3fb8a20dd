/**
 * The {@code gnc} command line (picocli): its subcommands, their options, exit codes and printed tables.
 * Top layer: may use every other gnc package, and none uses it.
 */
package org.gnc.cli;
