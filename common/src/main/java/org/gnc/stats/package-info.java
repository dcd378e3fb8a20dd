/**
 * Statistics of a cell: exact Clopper-Pearson intervals, the test-error distribution from
 * mistake-count histograms, acceptance and censoring, and an acceptance probability in linear and log
 * scale with the p* alarm. Bottom layer (beside {@code simd}): uses no other gnc package.
 */
package org.gnc.stats;
