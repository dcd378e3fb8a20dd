package org.gnc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of text printed as left-aligned columns separated by two spaces, the first row a header. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    void add(String... row) {
        rows.add(row);
    }

    /** Number of rows below the header. */
    int size() {
        return rows.size() - 1;
    }

    void print(PrintWriter out) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
