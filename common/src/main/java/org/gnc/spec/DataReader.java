package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gnc.model.NetworkSpec;

/**
 * Reads a cell's {@code data} block, of kind teacher-student, generated, table (CSV or Parquet) or idx, into a
 * {@link DataSpec} and the file settings as written (for the cell id, which must not depend on where
 * the config file lies). Local paths resolve against the config file's directory to absolute,
 * normalized paths; IDX files may also be URIs, kept as written. Files are only located here, never
 * opened. Returns null after recording every problem in the block. Stateless.
 */
final class DataReader {

    /** A validated data block, with its file paths as written, by key (for the cell id). */
    record DataRead(DataSpec spec, Map<String, String> written) {
    }

    private static final String TEACHER_STUDENT = "teacher-student";
    private static final String GENERATED = "generated";
    private static final String TABLE = "table";
    private static final String IDX = "idx";
    private static final Map<String, String> DATA_KINDS = Node.choices(TEACHER_STUDENT, TABLE, IDX, GENERATED);
    private static final Map<String, DataSpec.GeneratedSet> GENERATED_SETS = Node.choices(
            DataSpec.GeneratedSet.values(), DataSpec.GeneratedSet::configName);
    private static final Map<String, String> TABLE_FORMATS = Node.choices("auto", "csv", "parquet");
    private static final Map<String, Boolean> SELECTIONS = Node.choices(new Boolean[] {false, true},
            random -> random ? "random" : "first");
    private static final Map<String, DataSpec.Standardization> STANDARDIZATIONS = Node.choices(
            DataSpec.Standardization.values(), DataSpec.Standardization::configName);
    private static final Map<String, InputKind> INPUT_KINDS = Node.choices(InputKind.values(), InputKind::configName);
    /** A URI scheme of two or more characters (so a Windows drive letter is not one). */
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final String PATH_ALLOWED =
            "a non-empty file path (relative paths resolve against the config file's directory)";

    private DataReader() {
    }

    /** The data block {@code d}, with local paths resolved against {@code baseDir}. */
    static DataRead read(Node d, Path baseDir) {
        String kind = d.choice("kind", DATA_KINDS);
        if (kind == null) {
            return null;
        }
        if (kind.equals(TEACHER_STUDENT)) {
            InputKind input = d.choice("input", INPUT_KINDS);
            Integer dim = d.intAtLeast("dim", 1);
            Integer trainSize = d.intAtLeast("train-size", 1);
            Integer testSize = d.intAtLeast("test-size", 1);
            Long seed = d.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
            Node t = d.object("teacher");
            NetworkSpec teacher = t == null ? null : NetworkReader.read(t, "the teacher network");
            d.finish("data of kind teacher-student");
            if (input == null || dim == null || trainSize == null || testSize == null || seed == null
                    || teacher == null) {
                return null;
            }
            return new DataRead(new DataSpec.TeacherStudent(input, dim, trainSize, testSize, seed, teacher), Map.of());
        }
        if (kind.equals(GENERATED)) {
            return readGenerated(d);
        }
        return kind.equals(TABLE) ? readTable(d, baseDir) : readIdx(d, baseDir);
    }

    private static DataRead readGenerated(Node d) {
        DataSpec.GeneratedSet set = d.choice("set", GENERATED_SETS);
        Integer trainSize = d.intAtLeast("train-size", 1);
        Integer testSize = d.intAtLeast("test-size", 1);
        Long seed = d.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
        Double margin = d.number("margin", "a finite number > 0 (the kink's vertical gap)",
                m -> m > 0 && Double.isFinite(m));
        if (set == DataSpec.GeneratedSet.SLAB && margin != null
                && margin != SpecDefaults.generated().getDouble("margin")) {
            d.problem("margin", "applies only to set = kink (the slab's margins are fixed)");
            margin = null;
        }
        if (set != null && trainSize != null && testSize != null
                && (long) trainSize + testSize > set.poolSize()) {
            d.problem("test-size", "must be at most " + (set.poolSize() - trainSize) + ": set = " + set.configName()
                    + " has " + set.poolSize() + " points, of which data.train-size = " + trainSize
                    + " are the training set, and test points are distinct from them");
            testSize = null;
        }
        d.finish("data of kind generated");
        if (set == null || trainSize == null || testSize == null || seed == null || margin == null) {
            return null;
        }
        return new DataRead(new DataSpec.Generated(set, trainSize, testSize, seed, margin), Map.of());
    }

    /**
     * A required file key: its local path resolved against {@code baseDir} (absolute, normalized), or
     * with {@code uris} a URI with a scheme kept as written; records the form as written in
     * {@code written}. Null after recording a problem.
     */
    static String location(Node d, String key, Path baseDir, boolean uris, Map<String, String> written) {
        String allowed = uris ? PATH_ALLOWED + ", or a URI such as hdfs://host/dir/file" : PATH_ALLOWED;
        String s = d.string(key, allowed);
        if (s == null) {
            return null;
        }
        if (uris && URI_SCHEME.matcher(s).matches()) {
            written.put(key, s);
            return s;
        }
        try {
            if (s.isBlank()) {
                throw new InvalidPathException(s, "empty");
            }
            Path p = Path.of(s);
            written.put(key, p.normalize().toString().replace('\\', '/'));
            return baseDir.resolve(p).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            d.problem(key, "must be " + allowed + ", got \"" + s + "\"");
            return null;
        }
    }

    private static DataRead readTable(Node d, Path baseDir) {
        Map<String, String> written = new LinkedHashMap<>();
        String train = location(d, "train", baseDir, true, written);
        String test = location(d, "test", baseDir, true, written);
        String format = d.choice("format", TABLE_FORMATS);
        String label = d.string("label-column", "a column name");
        List<String> features = d.strings("feature-columns", "a list of column names ([] for every numeric column "
                + "other than the label, in order)");
        List<String> labelValues = d.strings("label-values", "[] (labels are -1 and +1) or two values [v, w], "
                + "v mapped to -1 and w to +1");
        if (train == null || test == null || format == null || label == null || features == null
                || labelValues == null) {
            d.finish("data of kind table");
            return null;
        }
        DataSpec.TableFormat f = switch (format) {
            case "csv" -> DataSpec.TableFormat.CSV;
            case "parquet" -> DataSpec.TableFormat.PARQUET;
            default -> train.endsWith(".parquet") && test.endsWith(".parquet") ? DataSpec.TableFormat.PARQUET
                    : !train.endsWith(".parquet") && !test.endsWith(".parquet") ? DataSpec.TableFormat.CSV : null;
        };
        boolean ok = true;
        if (f == null) {
            d.problem("format", "is auto, but one of train and test ends in .parquet and the other does not;"
                    + " set format = csv or format = parquet");
            ok = false;
        } else if (f == DataSpec.TableFormat.CSV) {
            Config defaults = SpecDefaults.table();
            for (String key : List.of("label-column", "feature-columns", "label-values")) {
                if (!d.value(key).equals(defaults.getValue(key))) {
                    d.problem(key, "applies only to Parquet tables (format = parquet, or paths ending in .parquet);"
                            + " a CSV table has its label in the last column");
                    ok = false;
                }
            }
        } else {
            if (label.isBlank()) {
                d.problem("label-column", "must be a non-empty column name");
                ok = false;
            }
            if (features.contains(label) || new HashSet<>(features).size() != features.size()) {
                d.problem("feature-columns", "must list distinct columns other than the label column \""
                        + label + "\", got " + features);
                ok = false;
            }
            if (!labelValues.isEmpty() && (labelValues.size() != 2 || labelValues.get(0).equals(labelValues.get(1)))) {
                d.problem("label-values", "must be [] (labels are -1 and +1) or two distinct values [v, w], v mapped"
                        + " to -1 and w to +1, got " + labelValues);
                ok = false;
            }
        }
        d.finish("data of kind table");
        if (!ok) {
            return null;
        }
        if (f == DataSpec.TableFormat.CSV) {
            return new DataRead(new DataSpec.Table(train, test), written);
        }
        written.put("format", "parquet");
        written.put("label-column", label);
        written.put("feature-columns", "[" + String.join(",", features) + "]");
        written.put("label-values", "[" + String.join(",", labelValues) + "]");
        return new DataRead(new DataSpec.Table(train, test, f,
                new DataSpec.ParquetColumns(label, features, labelValues)), written);
    }

    private static DataRead readIdx(Node d, Path baseDir) {
        Map<String, String> written = new LinkedHashMap<>();
        String trainImages = location(d, "train-images", baseDir, true, written);
        String trainLabels = location(d, "train-labels", baseDir, true, written);
        String testImages = location(d, "test-images", baseDir, true, written);
        String testLabels = location(d, "test-labels", baseDir, true, written);
        boolean randomClasses = d.has("classes") && d.value("classes").valueType() == ConfigValueType.STRING
                && "random".equals(d.value("classes").unwrapped());
        List<Long> classes = randomClasses
                ? List.of((long) DataSpec.Idx.RANDOM_CLASS, (long) DataSpec.Idx.RANDOM_CLASS)
                : d.integers("classes", "two distinct class indices in 0..255, [a, b]: class a gets label -1 and"
                        + " class b label +1; or random (a pair drawn from data.train-seed)");
        if (!randomClasses && classes != null && (classes.size() != 2 || classes.get(0).equals(classes.get(1))
                || classes.stream().anyMatch(c -> c < 0 || c > 255))) {
            d.problem("classes", "must be two distinct class indices in 0..255, [a, b] (class a gets label -1 and"
                    + " class b label +1), got " + classes);
            classes = null;
        }
        Integer trainPerClass = d.intAtLeast("train-per-class", 1);
        Boolean random = d.choice("train-select", SELECTIONS);
        if (randomClasses && Boolean.FALSE.equals(random)) {
            d.problem("classes", "is random, which needs data.train-select = random: its data.train-seed draws the"
                    + " class pair (and the training images)");
            classes = null;
        }
        Long seed = null;
        if (Boolean.TRUE.equals(random)) {
            seed = d.integer("train-seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
        } else if (d.has("train-seed")) {
            d.skip("train-seed");
            d.problem("train-seed", "applies only with train-select = random (the first images need no seed)");
        }
        Integer testPerClass = d.countOrAll("test-per-class");
        Boolean divide = d.bool("divide-by-255");
        Integer downsample = d.intAtLeast("downsample", 1);
        DataSpec.Standardization standardize = d.choice("standardize", STANDARDIZATIONS);
        d.finish("data of kind idx");
        if (trainImages == null || trainLabels == null || testImages == null || testLabels == null || classes == null
                || trainPerClass == null || random == null || (random && seed == null) || testPerClass == null
                || divide == null || downsample == null || standardize == null) {
            return null;
        }
        DataSpec.Subset train = random ? DataSpec.Subset.random(trainPerClass, seed) : DataSpec.Subset.first(trainPerClass);
        DataSpec.Subset test = testPerClass == DataSpec.Subset.ALL ? DataSpec.Subset.all()
                : DataSpec.Subset.first(testPerClass);
        return new DataRead(new DataSpec.Idx(trainImages, trainLabels, testImages, testLabels,
                classes.get(0).intValue(), classes.get(1).intValue(), train, test, divide, downsample, standardize),
                written);
    }
}
