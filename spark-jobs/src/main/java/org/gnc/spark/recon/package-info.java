/**
 * The reconstruction job on Spark ({@code gnc reconstruct}): models trained as tasks, attack restarts
 * as tasks, the evaluation and the tables. May use {@code spark}, {@code spark.tables},
 * {@code spark.data} and the whole core.
 */
package org.gnc.spark.recon;
