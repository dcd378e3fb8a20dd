/**
 * The Spark jobs (sweep, enumerate, baseline, continual, nightly) with their sessions, progress, run
 * records and checkpoints, the lock of an output folder, how a process stops on a signal or a fatal
 * error, the staging of the sequential Monte Carlo tables, and
 * {@link org.gnc.spark.GncApi}, the public Java API for notebooks. May use {@code spark.data},
 * {@code spark.tables} and the core.
 */
package org.gnc.spark;
