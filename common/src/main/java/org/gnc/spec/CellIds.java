package org.gnc.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Output;

/**
 * Cell ids: the first 64 bits (16 lowercase hex characters) of SHA-256 over the UTF-8 bytes of a
 * canonical text of a cell's settings, built from typed values only, one {@code key=value} line each.
 * Any change to this text changes every id: the tests pin one literal id.
 */
final class CellIds {

    /** First line of the canonical text; bump it if the text ever has to change. */
    static final String VERSION = "gnc-cell/1";

    private CellIds() {
    }

    /**
     * The canonical settings text. For table and IDX data the file paths are the ones written in the
     * config (normalized, with '/' separators; URIs as written), so a sweep directory moved to another
     * machine keeps its ids; {@code written} maps each file key (and, for Parquet tables, each column
     * key) to its text, in the order the parser read them.
     */
    static String canonicalText(DataSpec data, java.util.Map<String, String> written, NetworkSpec student,
                                int maxTrainErrors) {
        return canonicalText(data, written, student, maxTrainErrors, null, null);
    }

    /**
     * As {@link #canonicalText(DataSpec, java.util.Map, NetworkSpec, int)}, followed by the sampler's
     * settings when {@code sampler} is not null: the parser passes it only when the grid varies a sampler
     * setting, so that such cells get distinct ids while every other cell keeps the id it had before
     * samplers existed. The checkpoints are the cell's list (resolved where the data fixes n). A loss bin
     * adds its line after max-train-errors (low, high, layer scale); a cell without one keeps its id.
     */
    static String canonicalText(DataSpec data, java.util.Map<String, String> written, NetworkSpec student,
                                int maxTrainErrors, LossBin lossBin, SamplerSpec sampler) {
        StringBuilder sb = new StringBuilder(VERSION).append('\n');
        line(sb, "data.kind", data.kind());
        if (data instanceof DataSpec.TeacherStudent ts) {
            line(sb, "data.input", ts.input().configName());
            line(sb, "data.dim", Integer.toString(ts.dim()));
            line(sb, "data.train-size", Integer.toString(ts.trainSize()));
            line(sb, "data.test-size", Integer.toString(ts.testSize()));
            line(sb, "data.seed", Long.toString(ts.seed()));
            network(sb, "data.teacher", ts.teacher());
        } else if (data instanceof DataSpec.Generated g) {
            line(sb, "data.set", g.set().configName());
            line(sb, "data.train-size", Integer.toString(g.trainSize()));
            line(sb, "data.test-size", Integer.toString(g.testSize()));
            line(sb, "data.seed", Long.toString(g.seed()));
            if (g.set() == DataSpec.GeneratedSet.KINK) {
                line(sb, "data.margin", org.gnc.model.Prior.formatNumber(g.margin()));
            }
        } else if (data instanceof DataSpec.Table) {
            // CSV tables keep the lines (and so the ids) they had before Parquet; Parquet adds its own.
            written.forEach((k, v) -> line(sb, "data." + k, v));
        } else {
            DataSpec.Idx idx = (DataSpec.Idx) data;
            written.forEach((k, v) -> line(sb, "data." + k, v));
            line(sb, "data.classes", idx.randomClasses() ? "random" : idx.negativeClass() + "," + idx.positiveClass());
            subset(sb, "data.train", idx.train());
            subset(sb, "data.test", idx.test());
            line(sb, "data.divide-by-255", Boolean.toString(idx.divideBy255()));
            line(sb, "data.downsample", Integer.toString(idx.downsample()));
            line(sb, "data.standardize", idx.standardization().configName());
        }
        network(sb, "student", student);
        line(sb, "accept.max-train-errors", Integer.toString(maxTrainErrors));
        if (lossBin != null) {
            line(sb, "accept.loss-bin", org.gnc.model.Prior.formatNumber(lossBin.low()) + ","
                    + org.gnc.model.Prior.formatNumber(lossBin.high()) + ","
                    + org.gnc.model.Prior.formatNumber(lossBin.layerScale()));
        }
        if (sampler != null) {
            line(sb, "sampler.kind", sampler.kind().configName());
            line(sb, "sampler.particles", Integer.toString(sampler.particles()));
            line(sb, "sampler.replicates", Integer.toString(sampler.replicates()));
            line(sb, "sampler.moves", Integer.toString(sampler.moves()));
            line(sb, "sampler.checkpoints", sampler.checkpoints().stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
        }
        return sb.toString();
    }

    private static void subset(StringBuilder sb, String prefix, DataSpec.Subset s) {
        line(sb, prefix + "-per-class", s.isAll() ? "all" : Integer.toString(s.perClass()));
        if (s.random()) {
            line(sb, prefix + "-select", "random");
            line(sb, prefix + "-seed", Long.toString(s.seed()));
        }
    }

    private static void network(StringBuilder sb, String prefix, NetworkSpec n) {
        // Keys beyond those of fully connected single-output networks appear only when used, so that
        // those networks keep their ids.
        line(sb, prefix + (n.isDenseStack() ? ".widths" : ".layers"), n.widthsLabel());
        if (n.inputShape() != null) {
            line(sb, prefix + ".input-shape", n.inputShape().label());
        }
        if (n.output() != Output.SINGLE) {
            line(sb, prefix + ".output", n.output().configName());
        }
        line(sb, prefix + ".activation", n.activation().configName());
        line(sb, prefix + ".bias", Boolean.toString(n.bias()));
        line(sb, prefix + ".output-bias", Boolean.toString(n.outputBias()));
        line(sb, prefix + ".prior", n.prior().label());
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
    }

    /** The id of a canonical text. */
    static String idOf(String canonicalText) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonicalText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
