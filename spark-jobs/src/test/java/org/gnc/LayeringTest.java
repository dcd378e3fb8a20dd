package org.gnc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The package layers of gnc, both modules, checked on the compiled classes (tests excluded): every
 * package is declared at one level, uses only packages of lower levels, no package cycle exists, and nothing in common depends on Spark, Hadoop or Scala.
 * (The README's Layout section is to draw the same levels.)
 *
 * <p>To add a package, add its name to its level in {@link #CORE} or {@link #SPARK_JOBS} (one line);
 * a package that is not declared fails {@link #layers}.
 */
@AnalyzeClasses(locations = LayeringTest.GncModules.class, importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    /** The core (module common), lowest level first; a package may use the packages of lower levels. */
    static final List<List<String>> CORE = List.of(
            List.of("simd", "stats", "input"),
            List.of("rng"),
            List.of("model"),
            List.of("spec"),
            List.of("data"),
            List.of("kernel", "theory", "continual", "recon"),
            List.of("kernel.packed", "kernel.conv", "baseline"),
            List.of("sample"),
            List.of("smc"));

    /** Module spark-jobs, lowest level first, above the whole core. */
    static final List<List<String>> SPARK_JOBS = List.of(
            List.of("spark.data", "spark.tables"),
            List.of("spark"),
            List.of("spark.recon"),
            List.of("report"),
            List.of("bench"),
            List.of("cli"));

    @ArchTest
    static final ArchRule layers = layered();

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.gnc.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreIsSparkFree = noClasses().that().resideInAnyPackage(packages(CORE))
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
            .because("common is the Spark-free core: Spark, Hadoop and Scala are for spark-jobs");

    /** Every declared package a layer that may use exactly the lower levels' packages. */
    private static LayeredArchitecture layered() {
        List<List<String>> levels = new ArrayList<>(CORE);
        levels.addAll(SPARK_JOBS);
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (List<String> level : levels) {
            for (String p : level) {
                arch = arch.layer(p).definedBy("org.gnc." + p);
            }
        }
        List<String> below = new ArrayList<>();
        for (List<String> level : levels) {
            for (String p : level) {
                arch = below.isEmpty() ? arch.whereLayer(p).mayNotAccessAnyLayer()
                        : arch.whereLayer(p).mayOnlyAccessLayers(below.toArray(String[]::new));
            }
            below.addAll(level);
        }
        return arch;
    }

    /** The compiled classes of both modules (folders or jars), so that no other jar is scanned. */
    static final class GncModules implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Stream.of(org.gnc.cli.Gnc.class, org.gnc.stats.ClopperPearson.class)
                    .map(c -> Location.of(c.getProtectionDomain().getCodeSource().getLocation()))
                    .collect(Collectors.toSet());
        }
    }

    private static String[] packages(List<List<String>> levels) {
        return levels.stream().flatMap(List::stream).map(p -> "org.gnc." + p).toArray(String[]::new);
    }
}
