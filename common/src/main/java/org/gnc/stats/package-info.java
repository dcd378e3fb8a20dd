/**
 * Statistics of a cell: exact Clopper-Pearson intervals, the test-error distribution from
 * mistake-count histograms, acceptance and censoring. Bottom layer: imports nothing from gnc.
 */
package org.gnc.stats;
