/**
 * The pieces of {@code gnc bench}: timing the kernels, the Spark job and the numpy reference. May use
 * every package below {@code cli}.
 */
package org.gnc.spark.bench;
