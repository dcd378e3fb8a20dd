/**
 * The output tables: their columns and rows, the continual tables, and the output folder with its rule
 * that nothing in it is lost. Lowest layer of spark-jobs (beside {@code spark.data}): may use the core.
 */
package org.gnc.spark.tables;
