/** The pieces of {@code gnc bench}: timing the kernels, the Spark job and the numpy reference. */
package org.gnc.bench;
