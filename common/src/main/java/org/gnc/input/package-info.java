/**
 * Input errors: the one base type of every error the user must fix (config, data, output folder,
 * command line). The bottom of the core; imports nothing of gnc.
 */
package org.gnc.input;
