/**
 * Reports: the cells and continual tables of output folders read back and drawn with XChart, as one
 * HTML page or PNG files. May use {@code spark} and the layers below it; never {@code cli}.
 */
package org.gnc.report;
