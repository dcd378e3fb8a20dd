package org.gnc.spec;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.gnc.input.InputException;

/**
 * A sweep config that cannot be used: unreadable, malformed, or invalid. Thrown before anything runs.
 *
 * <p>Carries one or more {@link Problem}s, each naming the key path at fault (such as
 * {@code student.widths[0]}, or {@code grid."data.seed"}; empty for whole-file problems) and saying
 * what is allowed there. The message has one line per problem, in the form
 * {@code origin: key.path: must be ..., got ...}.
 */
public final class SpecException extends InputException {

    /** At most this many problems are spelled out in the message (all are kept in {@link #problems()}). */
    static final int MAX_RENDERED = 50;

    /** One problem: the key path at fault ("" for the whole file) and what is wrong and allowed there. */
    public record Problem(String keyPath, String message) {
        public Problem {
            Objects.requireNonNull(keyPath, "keyPath");
            Objects.requireNonNull(message, "message");
        }

        /** "origin: keyPath: message", dropping empty parts. */
        public String render(String origin) {
            StringBuilder sb = new StringBuilder();
            if (origin != null && !origin.isEmpty()) {
                sb.append(origin).append(": ");
            }
            if (!keyPath.isEmpty()) {
                sb.append(keyPath).append(": ");
            }
            return sb.append(message).toString();
        }
    }

    private final String origin;
    private final List<Problem> problems;

    /** An exception for one or more problems found in the config named {@code origin}. */
    public SpecException(String origin, List<Problem> problems) {
        this(origin, problems, null);
    }

    /** An exception for a single problem. */
    public SpecException(String origin, String keyPath, String message) {
        this(origin, List.of(new Problem(keyPath, message)), null);
    }

    /** An exception for a single problem with an underlying cause (for example a HOCON syntax error). */
    public SpecException(String origin, String keyPath, String message, Throwable cause) {
        this(origin, List.of(new Problem(keyPath, message)), cause);
    }

    private SpecException(String origin, List<Problem> problems, Throwable cause) {
        super(render(origin, problems), cause);
        this.origin = origin == null ? "" : origin;
        this.problems = List.copyOf(problems);
    }

    private static String render(String origin, List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        String text = problems.stream().limit(MAX_RENDERED).map(p -> p.render(origin))
                .collect(Collectors.joining("\n"));
        if (problems.size() > MAX_RENDERED) {
            text += "\n... and " + (problems.size() - MAX_RENDERED) + " more problems";
        }
        return text;
    }

    /** The key path of the first problem ("" when it concerns the whole file). */
    public String keyPath() {
        return problems.get(0).keyPath();
    }

    /** All problems found, in the order they were found; never empty. */
    public List<Problem> problems() {
        return problems;
    }

    /** The name of the config the problems were found in, such as {@code quickstart.conf}. */
    public String origin() {
        return origin;
    }
}
