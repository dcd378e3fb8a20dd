package org.gnc.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * When a command's milestones happened, in seconds since the command started: since {@code bin/gnc}
 * started when it passed its start time ({@value #LAUNCHED_PROPERTY}, epoch seconds), else since this
 * JVM started. A timeline holds each milestone once (marking a name again replaces it), in time order
 * (ties in the order they were marked); it is immutable: {@link #mark} returns a new one.
 *
 * <p>{@link #line()} prints it as one log line, {@code gnc: timeline (seconds since the command): jvm
 * 0.21, config 0.95, ...}, and {@link #parse} reads such a line back, so that a parent process (the
 * bench) gets the figures from a child's log.
 */
public record Timeline(long originMillis, Map<String, Double> marks) {
    /** The system property through which the launcher passes its start time, in epoch seconds. */
    public static final String LAUNCHED_PROPERTY = "gnc.launched";

    /** The start of the timeline's log line. */
    public static final String PREFIX = "gnc: timeline (seconds since the command):";

    /** The milestone of the first Spark task of the sampling rounds: the first candidate. */
    public static final String FIRST_CANDIDATE = "first-candidate";

    /** The milestone of the end of the last sampling round. */
    public static final String SAMPLING_END = "sampling-end";

    public Timeline {
        Map<String, Double> inOrder = new LinkedHashMap<>();
        marks.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> inOrder.put(e.getKey(), e.getValue()));
        marks = java.util.Collections.unmodifiableMap(inOrder);
    }

    /**
     * A timeline from the command's start (the launcher's {@value #LAUNCHED_PROPERTY}, else this JVM's
     * start) with the milestone {@code jvm}, this JVM's start.
     */
    public static Timeline ofThisCommand() {
        long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
        long origin = jvm;
        String launched = System.getProperty(LAUNCHED_PROPERTY, "");
        if (!launched.isEmpty()) {
            try {
                origin = Math.min(jvm, Math.round(Double.parseDouble(launched.replace(',', '.')) * 1000));
            } catch (NumberFormatException e) {
                // not a launcher's time: count from the JVM's start
            }
        }
        return new Timeline(origin, Map.of()).at("jvm", jvm);
    }

    /**
     * A child JVM's command line ({@code java ... main args}) without this process's start time
     * ({@code -D}{@value #LAUNCHED_PROPERTY}), so that the child's timeline counts from its own start.
     */
    public static List<String> withoutLaunchTime(List<String> command) {
        return command.stream().filter(a -> !a.startsWith("-D" + LAUNCHED_PROPERTY + "=")).toList();
    }

    /** This timeline with milestone {@code name} now. */
    public Timeline mark(String name) {
        return at(name, System.currentTimeMillis());
    }

    /** This timeline with milestone {@code name} at {@code epochMillis}. */
    public Timeline at(String name, long epochMillis) {
        if (name.isBlank() || name.contains(" ") || name.contains(",")) {
            throw new IllegalArgumentException("a milestone's name is one word: " + name);
        }
        Map<String, Double> more = new LinkedHashMap<>(marks);
        more.remove(name);
        more.put(name, (epochMillis - originMillis) / 1000.0);
        return new Timeline(originMillis, more);
    }

    /** Seconds from the command's start to milestone {@code name}, if marked. */
    public OptionalDouble seconds(String name) {
        Double s = marks.get(name);
        return s == null ? OptionalDouble.empty() : OptionalDouble.of(s);
    }

    /** The log line: {@link #PREFIX}, then each milestone as {@code name seconds}, comma-separated, in order. */
    public String line() {
        List<String> parts = new ArrayList<>();
        marks.forEach((name, s) -> parts.add(String.format(Locale.ROOT, "%s %.2f", name, s)));
        return PREFIX + " " + String.join(", ", parts);
    }

    /**
     * The milestones of a {@link #line()}, in order, by name; empty when {@code line} is not a timeline's
     * line or a milestone's seconds are not a number.
     */
    public static Map<String, Double> parse(String line) {
        int at = line.indexOf(PREFIX);
        if (at < 0) {
            return Map.of();
        }
        Map<String, Double> marks = new LinkedHashMap<>();
        for (String part : line.substring(at + PREFIX.length()).split(",")) {
            String[] nameAndSeconds = part.strip().split(" ");
            if (nameAndSeconds.length != 2) {
                return Map.of();
            }
            try {
                marks.put(nameAndSeconds[0], Double.parseDouble(nameAndSeconds[1]));
            } catch (NumberFormatException e) {
                return Map.of();
            }
        }
        return java.util.Collections.unmodifiableMap(marks);
    }

    /**
     * Watches a SparkContext for the sampling rounds' milestones: the launch of the first task of a job
     * that is not a Spark SQL execution (the sampling rounds are plain RDD jobs, the tables Parquet writes
     * through Spark SQL), {@value #FIRST_CANDIDATE}, and the end of the last such job, {@value #SAMPLING_END}.
     * Spark's listener bus delivers events asynchronously: read the milestones once the session has stopped
     * (which drains the bus) or at least after the jobs ended.
     */
    public static final class SamplingWatch extends SparkListener {
        /** The local property Spark SQL sets on the jobs of a query execution. */
        private static final String SQL_EXECUTION_ID = "spark.sql.execution.id";

        private final SparkContext context;
        private final Map<Integer, Boolean> samplingJobs = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Integer, Boolean> samplingStages = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicLong firstTaskMillis = new AtomicLong();
        private final AtomicLong lastJobEndMillis = new AtomicLong();

        private SamplingWatch(SparkContext context) {
            this.context = context;
        }

        /** A watch added to {@code context}'s listeners; {@link #close} removes it. */
        public static SamplingWatch on(SparkContext context) {
            SamplingWatch w = new SamplingWatch(context);
            context.addSparkListener(w);
            return w;
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            java.util.Properties p = start.properties();
            if (p == null || p.getProperty(SQL_EXECUTION_ID) == null) {
                samplingJobs.put(start.jobId(), true);
                scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())
                        .forEach(id -> samplingStages.put((Integer) id, true));
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            if (samplingStages.containsKey(start.stageId())) {
                firstTaskMillis.compareAndSet(0, start.taskInfo().launchTime());
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            if (samplingJobs.containsKey(end.jobId())) {
                lastJobEndMillis.accumulateAndGet(end.time(), Math::max);
            }
        }

        /** {@code timeline} with {@value #FIRST_CANDIDATE} and {@value #SAMPLING_END}, where they happened. */
        public Timeline addTo(Timeline timeline) {
            Timeline t = timeline;
            if (firstTaskMillis.get() > 0) {
                t = t.at(FIRST_CANDIDATE, firstTaskMillis.get());
            }
            if (lastJobEndMillis.get() > 0) {
                t = t.at(SAMPLING_END, lastJobEndMillis.get());
            }
            return t;
        }

        /** Stops watching. */
        public void close() {
            context.removeSparkListener(this);
        }
    }
}
