package org.gnc.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gnc.model.NetworkSpec;

/**
 * One point of a sweep grid, fully resolved and validated: its data, the student family, the
 * acceptance rule (at most {@code maxTrainErrors} training mistakes and, when {@code lossBin} is not null,
 * a normalized training loss in that bin), its budget and its sampler
 * (rejection or SMC, {@link SamplerSpec}). A rejection cell's budget sets its candidate limits
 * ({@link Budget#limitsCandidates()}); an SMC cell's may leave them out.
 *
 * <p>The {@code id} is 16 lowercase hex characters: the first 64 bits of SHA-256 over a canonical
 * text of the cell's data, student and accept settings, and of its sampler settings only when the grid
 * varies one of them. It ignores the budget, the sweep name and the sweep seed, and HOCON formatting;
 * any change of a setting changes it. {@code axisValues} maps each grid axis path (in the order of
 * {@link SweepSpec#axes()}) to this cell's value text.
 */
public record CellSpec(String id, DataSpec data, NetworkSpec student, int maxTrainErrors, Budget budget,
                       SamplerSpec sampler, Map<String, String> axisValues, LossBin lossBin) {

    public CellSpec {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a cell id is 16 lowercase hex characters, got " + id);
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(sampler, "sampler");
        if (sampler.kind() == SamplerSpec.Kind.REJECTION && !budget.limitsCandidates()) {
            throw new IllegalArgumentException("a rejection cell needs a budget with target-accepted and"
                    + " max-candidates, got " + budget);
        }
        if (maxTrainErrors < 0) {
            throw new IllegalArgumentException("maxTrainErrors must be >= 0, got " + maxTrainErrors);
        }
        axisValues = Collections.unmodifiableMap(new LinkedHashMap<>(axisValues));
        if (lossBin != null && sampler.kind() != SamplerSpec.Kind.REJECTION) {
            throw new IllegalArgumentException("a loss bin applies to rejection cells only, got sampler "
                    + sampler.kind().configName());
        }
    }

    /** A cell without a loss bin. */
    public CellSpec(String id, DataSpec data, NetworkSpec student, int maxTrainErrors, Budget budget,
                    SamplerSpec sampler, Map<String, String> axisValues) {
        this(id, data, student, maxTrainErrors, budget, sampler, axisValues, null);
    }

    /**
     * A rejection cell ({@link SamplerSpec#DEFAULT}, its checkpoints resolved where the data fixes the
     * training-set size).
     */
    public CellSpec(String id, DataSpec data, NetworkSpec student, int maxTrainErrors, Budget budget,
                    Map<String, String> axisValues) {
        this(id, data, student, maxTrainErrors, budget, SamplerSpec.DEFAULT.resolveFor(data), axisValues);
    }

    /** This cell with another sampler (the same id: for the sampler resolved once the data is read). */
    public CellSpec withSampler(SamplerSpec other) {
        return new CellSpec(id, data, student, maxTrainErrors, budget, other, axisValues, lossBin);
    }

    /** The id as a 64-bit value: {@code Long.parseUnsignedLong(id, 16)}. */
    public long idBits() {
        return Long.parseUnsignedLong(id, 16);
    }

    /** The axis values as text, such as {@code data.seed=1, student.widths=8}; empty without a grid. */
    public String axisLabel() {
        StringBuilder sb = new StringBuilder();
        axisValues.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(v.isEmpty() ? "\"\"" : v);
        });
        return sb.toString();
    }
}
