package org.gnc.theory;

/**
 * The bound columns of one row of the cells table, each NaN (written as null) when it does not apply:
 * {@code pacBayesBound} ({@link PacBayesBound}), {@code logPStar} = ln p* and {@code pStarEpsilon} = eps(n)
 * ({@link TeacherEquivalence}), all at confidence 1 - {@code delta}. Immutable.
 */
public record Bounds(double pacBayesBound, double logPStar, double pStarEpsilon, double delta) {
    public Bounds {
        PacBayesBound.checkDelta(delta);
    }
}
