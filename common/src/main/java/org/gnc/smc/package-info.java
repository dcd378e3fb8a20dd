/**
 * Sequential Monte Carlo over the Guess &amp; Check posterior: tempered runs from the prior to the
 * networks that fit the first n training points, their evidence estimate ln p-hat(n), and the test error
 * of the particles they end with. Spark-free; the sweep job runs one replicate per task.
 */
package org.gnc.smc;
