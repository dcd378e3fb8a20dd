/**
 * Theory: certified bounds that sit next to the measured numbers in the {@code cells} table. The
 * Occam / PAC-Bayes-kl bound for the posterior "prior conditioned on fitting the training set"
 * ({@link org.gnc.theory.PacBayesBound}), and the teacher-equivalence count p* of Buzaglo et al.
 * (ICML 2024) with its sample-complexity curve ({@link org.gnc.theory.TeacherEquivalence}). May use
 * {@code data} and the layers below it (today only {@code model} and {@code stats}).
 */
package org.gnc.theory;
