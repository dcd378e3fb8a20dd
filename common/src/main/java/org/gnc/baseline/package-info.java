/**
 * The SGD baseline: the student architecture trained by gradient descent (ND4J), for comparison with
 * Guess &amp; Check on the same cells. Decisions (interpolated or not, test mistakes) use the project's one
 * forward pass {@link org.gnc.model.Architecture#output} and label rule; a finished cell carries its
 * bounds ({@link org.gnc.theory.Bounds}). May use {@code data}, {@code theory} and the layers below them.
 */
package org.gnc.baseline;
