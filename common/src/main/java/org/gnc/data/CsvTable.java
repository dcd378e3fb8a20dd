package org.gnc.data;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.commons.math3.util.ResizableDoubleArray;

/**
 * Reads the table format: one example per line, comma-separated feature values followed by the
 * label (+1 or -1; a class index 0..255 under {@link TableRows.Labels#CLASSES}), no header. Every line
 * must have the same number of columns (at least two). Blank lines are ignored. Any problem (missing or
 * empty file, wrong column count, a value that is not a finite number, a label the rule does not
 * accept) is a {@link DataException} naming the file and the line and saying what was expected; nothing
 * is returned from a bad file.
 */
public final class CsvTable {
    private CsvTable() {
    }

    /** Reads a whole local table file. */
    public static Dataset read(Path file) {
        return read(file.toString(), FileSource.local());
    }

    /** Reads a whole table file at {@code file} (a local path or a URI) through {@code source}, labels -1/+1. */
    public static Dataset read(String file, FileSource source) {
        return rows(file, source, TableRows.Labels.SIGNED).dataset();
    }

    /** Reads the rows of a whole table file at {@code file} through {@code source}, labels by {@code rule}. */
    public static TableRows rows(String file, FileSource source, TableRows.Labels rule) {
        int columns = -1;
        ResizableDoubleArray features = new ResizableDoubleArray(1024);
        java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(source.open(file), StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (columns < 0) {
                    columns = cells.length;
                    if (columns < 2) {
                        throw new DataException(file + ":" + lineNo + ": expected feature values then a label "
                                + "(at least 2 comma-separated columns), got " + columns + " column");
                    }
                } else if (cells.length != columns) {
                    throw new DataException(file + ":" + lineNo + ": expected " + columns
                            + " columns (as on the first line), got " + cells.length);
                }
                for (int c = 0; c < columns - 1; c++) {
                    features.addElement(parseFeature(file, lineNo, c + 1, cells[c]));
                }
                labels.add(parseLabel(file, lineNo, cells[columns - 1], rule));
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new DataException(file + ": file not found", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (labels.isEmpty()) {
            throw new DataException(file + ": the file holds no examples; expected one example per line");
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new TableRows(columns - 1, features.getElements(), y);
    }

    private static double parseFeature(String file, int lineNo, int column, String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new DataException(file + ":" + lineNo + ": column " + column
                    + ": expected a number, got '" + text.trim() + "'");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(file + ":" + lineNo + ": column " + column
                    + ": expected a finite number, got '" + text.trim() + "'");
        }
        return v;
    }

    private static int parseLabel(String file, int lineNo, String text, TableRows.Labels rule) {
        String t = text.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (rule == TableRows.Labels.CLASSES) {
            return TableRows.Labels.classIndex(v, file + ":" + lineNo + ": last column", "'" + t + "'");
        }
        if (v == 1.0) {
            return 1;
        }
        if (v == -1.0) {
            return -1;
        }
        throw new DataException(file + ":" + lineNo + ": last column is the label and must be +1 or -1, got '"
                + t + "'");
    }
}
