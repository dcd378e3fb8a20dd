package org.gnc.report;

/**
 * One row of a cells table, as the report needs it. {@code logPStar} and {@code pacBayesBound} are
 * NaN when the table has no such column or no value; {@code rate} is NaN when nothing was tried.
 */
public record CellPoint(String cellId, String method, int nTrain, String widths, String prior, long attempts,
                        long accepted, double rate, double ciLow, double ciHigh, double errorMean, double errorSe,
                        long[] histogram, double logPStar, double pacBayesBound) {

    /** "width 8" ("perceptron" for no hidden layer): how series are named. */
    public String widthLabel() {
        return widthLabel(widths);
    }

    /** The label of student widths {@code widths} as the student_widths column has them ("8", "16x16", ""). */
    public static String widthLabel(String widths) {
        return widths.isEmpty() ? "perceptron" : "width " + widths;
    }

    /** A one-line description of the cell for chart titles. */
    public String title() {
        return method + ", n = " + nTrain + ", " + widthLabel() + ", " + prior;
    }
}
