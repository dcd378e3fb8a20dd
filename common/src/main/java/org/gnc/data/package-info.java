/**
 * Cell data: teacher-student generation (a pure function of data.seed) and table readers, with
 * errors that name the file, line or key. Uses spec, model, rng and stats.
 */
package org.gnc.data;
