/**
 * Statistics of a cell: exact Clopper-Pearson intervals, the test-error distribution from
 * mistake-count histograms, acceptance and censoring. Bottom layer (beside {@code simd}): uses no other
 * gnc package.
 */
package org.gnc.stats;
