package org.gnc.spark.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.gnc.data.DataException;
import org.gnc.data.Dataset;
import org.gnc.data.FileSource;
import org.gnc.data.ParquetSource;
import org.gnc.data.TableRows;
import org.gnc.spec.DataSpec;

/**
 * Reads a Parquet table with parquet-hadoop (no SparkSession needed, so bad data fails before Spark
 * starts). A table is one file, or a folder of part files (as Spark writes them) read in file-name
 * order, skipping names that start with '_' or '.'.
 *
 * <p>Numeric columns are the top-level, non-repeated INT32, INT64, FLOAT and DOUBLE columns that are
 * plain numbers or integer types (not decimals, dates or times). Features are the named columns, or
 * by default every numeric column other than the label in schema order; each value must be present
 * and finite. Labels: without label values, a numeric label column holding only -1 and +1; with
 * label values [v, w], a numeric, string or boolean column holding only v (label -1) and w (+1); under
 * {@link TableRows.Labels#CLASSES} (a multiclass reconstruction's table), a numeric label column holding
 * class indices, whole numbers in 0..255 (label values do not apply).
 * Every problem is a {@link DataException} naming the file, and the row (1-based within that file)
 * and column where there is one.
 */
public final class ParquetTableReader implements ParquetSource {
    private final Configuration conf;

    /** A reader using this Hadoop configuration (not copied; do not change it afterwards). */
    public ParquetTableReader(Configuration conf) {
        this.conf = conf;
    }

    /** How the label column's values are read. */
    private enum LabelKind { NUMBER, STRING, BOOLEAN }

    /** The resolved columns of one file: field indices and how to read them. */
    private record Layout(int label, LabelKind labelKind, int[] features, String[] featureNames, boolean[] unsigned) {
    }

    @Override
    public Dataset read(String table, DataSpec.ParquetColumns columns) {
        return rows(table, columns, TableRows.Labels.SIGNED).dataset();
    }

    @Override
    public TableRows rows(String table, DataSpec.ParquetColumns columns, TableRows.Labels rule) {
        Path root = new Path(FileSource.uri(table));
        List<FileStatus> files;
        try {
            FileSystem fs = root.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(root);
            if (status.isDirectory()) {
                files = new ArrayList<>(Arrays.stream(fs.listStatus(root))
                        .filter(s -> s.isFile() && !s.getPath().getName().startsWith("_")
                                && !s.getPath().getName().startsWith("."))
                        .sorted(Comparator.comparing(s -> s.getPath().getName())).toList());
                if (files.isEmpty()) {
                    throw new DataException(table + ": the folder holds no Parquet files");
                }
            } else {
                files = List.of(status);
            }
        } catch (FileNotFoundException e) {
            throw new DataException(table + ": file not found", e);
        } catch (IOException e) {
            throw new DataException(table + ": cannot read: " + e.getMessage(), e);
        }
        double[] labelValues = numericLabelValues(table, columns);
        Values features = new Values();
        List<Integer> labels = new ArrayList<>();
        String[] names = null;
        String first = null;
        for (FileStatus f : files) {
            String where = f.getPath().toUri().getScheme() == null || "file".equals(f.getPath().toUri().getScheme())
                    ? f.getPath().toUri().getPath() : f.getPath().toString();
            Layout layout = layout(where, schema(where, f.getPath()), columns, rule);
            if (names == null) {
                names = layout.featureNames();
                first = where;
            } else if (!Arrays.equals(names, layout.featureNames())) {
                throw new DataException(where + ": feature columns " + Arrays.toString(layout.featureNames())
                        + " differ from those of " + first + ": " + Arrays.toString(names));
            }
            readRows(where, f.getPath(), layout, columns, rule, labelValues, features, labels);
        }
        if (labels.isEmpty()) {
            throw new DataException(table + ": the table holds no rows");
        }
        return new TableRows(names.length, features.toArray(), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private MessageType schema(String where, Path file) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            return r.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new DataException(where + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    private static double[] numericLabelValues(String table, DataSpec.ParquetColumns columns) {
        if (columns.labelValues().isEmpty()) {
            return new double[] {-1, 1};
        }
        try {
            return new double[] {Double.parseDouble(columns.labelValues().get(0)),
                Double.parseDouble(columns.labelValues().get(1))};
        } catch (NumberFormatException e) {
            return null; // only a string or boolean label column can use them; checked per file
        }
    }

    private static boolean numeric(Type t) {
        if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
            return false;
        }
        PrimitiveType.PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        boolean plain = a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
        return plain && (p == PrimitiveType.PrimitiveTypeName.INT32 || p == PrimitiveType.PrimitiveTypeName.INT64
                || p == PrimitiveType.PrimitiveTypeName.FLOAT || p == PrimitiveType.PrimitiveTypeName.DOUBLE);
    }

    private static String describe(Type t) {
        if (!t.isPrimitive()) {
            return "a group";
        }
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        return (t.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "")
                + t.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase()
                + (a == null ? "" : " (" + a + ")");
    }

    private static Layout layout(String where, MessageType schema, DataSpec.ParquetColumns columns,
                                 TableRows.Labels rule) {
        String all = schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", "));
        String label = columns.label();
        if (!schema.containsField(label)) {
            throw new DataException(where + ": no column \"" + label + "\" (data.label-column); the columns are " + all);
        }
        Type lt = schema.getType(label);
        LabelKind kind;
        if (numeric(lt)) {
            kind = LabelKind.NUMBER;
        } else if (lt.isPrimitive() && !lt.isRepetition(Type.Repetition.REPEATED)
                && lt.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                && lt.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
            kind = LabelKind.STRING;
        } else if (lt.isPrimitive() && !lt.isRepetition(Type.Repetition.REPEATED)
                && lt.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BOOLEAN) {
            kind = LabelKind.BOOLEAN;
        } else {
            throw new DataException(where + ": label column \"" + label + "\" is " + describe(lt)
                    + "; it must hold numbers, strings or booleans");
        }
        if (kind != LabelKind.NUMBER && rule == TableRows.Labels.CLASSES) {
            throw new DataException(where + ": label column \"" + label + "\" holds " + kind.name().toLowerCase()
                    + "s; the labels of this table are classes (data.classes) and must be whole numbers 0.."
                    + TableRows.Labels.MAX_CLASS);
        }
        if (kind != LabelKind.NUMBER && columns.labelValues().isEmpty()) {
            throw new DataException(where + ": label column \"" + label + "\" holds " + kind.name().toLowerCase()
                    + "s; set data.label-values = [v, w] to map v to -1 and w to +1");
        }
        List<String> names = new ArrayList<>();
        if (columns.features().isEmpty()) {
            for (Type t : schema.getFields()) {
                if (!t.getName().equals(label) && numeric(t)) {
                    names.add(t.getName());
                }
            }
            if (names.isEmpty()) {
                throw new DataException(where + ": no numeric column besides the label \"" + label
                        + "\" to use as features; the columns are " + all);
            }
        } else {
            for (String n : columns.features()) {
                if (!schema.containsField(n)) {
                    throw new DataException(where + ": no column \"" + n + "\" (data.feature-columns); the columns are "
                            + all);
                }
                if (!numeric(schema.getType(n))) {
                    throw new DataException(where + ": feature column \"" + n + "\" is " + describe(schema.getType(n))
                            + "; features must be int, long, float or double columns");
                }
                names.add(n);
            }
        }
        int[] idx = new int[names.size()];
        boolean[] unsigned = new boolean[names.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = schema.getFieldIndex(names.get(i));
            unsigned[i] = schema.getType(idx[i]).getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation a && !a.isSigned();
        }
        return new Layout(schema.getFieldIndex(label), kind, idx, names.toArray(String[]::new), unsigned);
    }

    private void readRows(String where, Path file, Layout layout, DataSpec.ParquetColumns columns,
                          TableRows.Labels rule, double[] labelValues, Values features, List<Integer> labels) {
        if (layout.labelKind() == LabelKind.NUMBER && labelValues == null && rule == TableRows.Labels.SIGNED) {
            throw new DataException(where + ": label column \"" + columns.label() + "\" holds numbers but"
                    + " data.label-values " + columns.labelValues() + " are not numbers");
        }
        long row = 0;
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
            Group g;
            while ((g = r.read()) != null) {
                row++;
                labels.add(label(where, row, g, layout, columns, rule, labelValues));
                for (int i = 0; i < layout.features().length; i++) {
                    double v = number(where, row, g, layout.features()[i], layout.unsigned()[i]);
                    if (!Double.isFinite(v)) {
                        throw new DataException(where + ": row " + row + ": column \"" + layout.featureNames()[i]
                                + "\": expected a finite number, got " + v);
                    }
                    features.add(v);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(where + ": cannot read row " + (row + 1) + ": " + e.getMessage(), e);
        }
    }

    private static double number(String where, long row, Group g, int field, boolean unsigned) {
        if (g.getFieldRepetitionCount(field) == 0) {
            throw new DataException(where + ": row " + row + ": column \"" + g.getType().getFieldName(field)
                    + "\" is null; every value must be present");
        }
        return switch (g.getType().getType(field).asPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> unsigned ? Integer.toUnsignedLong(g.getInteger(field, 0)) : g.getInteger(field, 0);
            case INT64 -> unsigned ? unsignedLong(g.getLong(field, 0)) : g.getLong(field, 0);
            case FLOAT -> g.getFloat(field, 0);
            default -> g.getDouble(field, 0);
        };
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    private static int label(String where, long row, Group g, Layout layout, DataSpec.ParquetColumns columns,
                             TableRows.Labels rule, double[] labelValues) {
        int f = layout.label();
        String column = "column \"" + columns.label() + "\"";
        if (g.getFieldRepetitionCount(f) == 0) {
            throw new DataException(where + ": row " + row + ": " + column + " (the label) is null");
        }
        String allowed = columns.labelValues().isEmpty() ? "-1 or +1 (or set data.label-values = [v, w])"
                : columns.labelValues().get(0) + " (label -1) or " + columns.labelValues().get(1) + " (label +1),"
                + " as data.label-values says";
        String text;
        if (rule == TableRows.Labels.CLASSES) {
            double v = number(where, row, g, f, false);
            return TableRows.Labels.classIndex(v, where + ": row " + row + ": " + column, String.valueOf(v));
        }
        if (layout.labelKind() == LabelKind.NUMBER) {
            double v = number(where, row, g, f, false);
            if (v == labelValues[0]) {
                return -1;
            }
            if (v == labelValues[1]) {
                return 1;
            }
            text = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        } else {
            text = layout.labelKind() == LabelKind.STRING ? g.getString(f, 0) : Boolean.toString(g.getBoolean(f, 0));
            if (text.equals(columns.labelValues().get(0))) {
                return -1;
            }
            if (text.equals(columns.labelValues().get(1))) {
                return 1;
            }
        }
        throw new DataException(where + ": row " + row + ": " + column + " is the label and must be " + allowed
                + ", got " + text);
    }

    /** A growing array of doubles. */
    private static final class Values {
        private double[] a = new double[1024];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
