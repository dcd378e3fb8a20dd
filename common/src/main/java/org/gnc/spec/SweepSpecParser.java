package org.gnc.spec;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sweep config (HOCON) once into a validated, immutable {@link SweepSpec}.
 *
 * <p>Steps: parse the file or text; apply {@code key=value} overrides on top (later ones win; each
 * replaces the whole value at its path, objects included); resolve
 * substitutions; read {@code sweep} and the {@code grid} axes (sorted by path); then, for every grid
 * point, replace each axis setting by its value, merge the built-in defaults
 * ({@code org/gnc/spec/gnc-defaults.conf}) under it, and validate the whole cell. Every problem
 * found (unknown keys, wrong types, missing keys, bad values) is collected into one
 * {@link SpecException} naming the key paths and what is allowed; problems that only some grid cells
 * have name the first such cell. Stateless and thread-safe.
 *
 * <p>This class keeps the flow; each block has its reader beside it: {@link SweepSettingsReader}
 * ({@code sweep}, {@code bounds}, {@code baseline}), {@link Grid}, {@link SpecDefaults}, and per cell
 * {@link CellReader} ({@code accept}, {@code sampler}, {@code budget}) with {@link DataReader} and
 * {@link NetworkReader}.
 */
public final class SweepSpecParser {

    /** Grids larger than this are rejected (one cell is one Spark sampling job's worth of work). */
    public static final long MAX_CELLS = 1_000_000;

    private SweepSpecParser() {
    }

    /**
     * Parses a sweep config file with {@code key=value} overrides applied on top (null or empty for
     * none). Table paths resolve against the file's directory.
     *
     * @throws SpecException naming the file, the override, or the key paths at fault
     */
    public static SweepSpec parse(Path file, List<String> overrides) {
        Path abs = file.toAbsolutePath().normalize();
        String origin = HoconFiles.origin(abs);
        Config user = HoconFiles.readFile(abs, "sweep config");
        return build(user, overrides, abs.getParent(), origin, abs);
    }

    /**
     * Parses sweep config text; table paths resolve against {@code baseDir} (the working directory
     * when null); {@code originName} names the text in messages.
     */
    public static SweepSpec parseText(String hocon, Path baseDir, String originName) {
        return parseText(hocon, baseDir, originName, List.of());
    }

    /** As {@link #parseText(String, Path, String)}, with {@code key=value} overrides applied on top. */
    public static SweepSpec parseText(String hocon, Path baseDir, String originName, List<String> overrides) {
        String origin = HoconFiles.textOrigin(originName);
        Config user = HoconFiles.readText(hocon, origin);
        return build(user, overrides, HoconFiles.textBaseDir(baseDir), origin, null);
    }

    private static SweepSpec build(Config user, List<String> overrides, Path baseDir, String origin, Path source) {
        Config base = HoconFiles.resolve(HoconFiles.applyOverrides(user, overrides, origin, "student.widths=[16]"),
                origin);

        Issues top = new Issues();
        Node root = Node.root(base.root(), top, new HashSet<>());
        Node withDefaults = Node.root(SpecDefaults.withDefaults(base).root(), top, new HashSet<>());
        SweepSettingsReader.SweepSettings settings = SweepSettingsReader.read(root, withDefaults);
        Issues gridIssues = new Issues();
        Grid grid = Grid.read(base.root().get("grid"), gridIssues);
        List<SpecException.Problem> problems = new ArrayList<>();
        top.list().forEach(i -> problems.add(i.problem()));
        if (!gridIssues.isEmpty()) {
            gridIssues.list().forEach(i -> problems.add(i.problem()));
            throw new SpecException(origin, problems);
        }

        long cellCount = grid.cellCount(origin);
        Config cellBase = base.withoutPath("grid");
        Map<SpecException.Problem, List<Integer>> problemCells = new LinkedHashMap<>();
        List<CellSpec> cells = new ArrayList<>();
        Map<String, Integer> cellById = new HashMap<>();
        for (int c = 0; c < cellCount; c++) {
            Issues issues = new Issues();
            Set<String> requested = new HashSet<>();
            CellSpec cell = CellReader.read(SpecDefaults.withDefaults(grid.cellConfig(cellBase, c)),
                    grid.axisValues(c), baseDir, issues, requested);
            List<Issues.Issue> found = grid.checkAxesNameSettings(requested, issues.list());
            for (Issues.Issue i : found) {
                problemCells.computeIfAbsent(i.problem(), k -> new ArrayList<>()).add(c);
            }
            if (found.isEmpty() && cell != null) {
                Integer earlier = cellById.putIfAbsent(cell.id(), c);
                if (earlier != null) {
                    problemCells.computeIfAbsent(new SpecException.Problem("grid", "cells {" + grid.label(earlier)
                            + "} and {" + grid.label(c) + "} have identical settings (id " + cell.id()
                            + "); grid values must be distinct"), k -> new ArrayList<>()).add(c);
                }
                cells.add(cell);
            }
        }
        if (!problemCells.isEmpty() || !problems.isEmpty()) {
            final long total = cellCount;
            problemCells.forEach((p, where) -> {
                if (total == 1 || where.size() == total || p.keyPath().equals("grid")) {
                    problems.add(p);
                } else {
                    String in = " (in grid cell {" + grid.label(where.get(0)) + "}"
                            + (where.size() > 1 ? " and " + (where.size() - 1) + " more" : "") + ")";
                    problems.add(new SpecException.Problem(p.keyPath(), p.message() + in));
                }
            });
            throw new SpecException(origin, problems);
        }

        String resolvedText = HoconFiles.json(SpecDefaults.withDefaults(base));
        return new SweepSpec(settings.name(), settings.seed(), grid.axes(), cells, resolvedText, source,
                settings.bounds(), settings.baseline());
    }
}
