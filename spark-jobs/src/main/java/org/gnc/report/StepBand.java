package org.gnc.report;

/**
 * One step of one ordering of a continual-learning sweep: quantiles over seeds of the forgetting
 * and the median distance to the offline max-margin solution w*.
 */
public record StepBand(String ordering, int step, double forgettingQ05, double forgettingQ25,
                       double forgettingQ50, double forgettingQ75, double forgettingQ95, double distanceQ50) {
}
