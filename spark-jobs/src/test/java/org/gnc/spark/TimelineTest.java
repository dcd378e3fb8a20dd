package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
    @Test
    void milestonesAreSecondsSinceTheOriginInTimeOrder() {
        Timeline t = new Timeline(10_000, Map.of()).at("spark", 13_500).at("config", 10_250).at("data", 11_000);
        assertEquals(List.of("config", "data", "spark"), List.copyOf(t.marks().keySet()));
        assertEquals(3.5, t.seconds("spark").getAsDouble(), 1e-12);
        assertTrue(t.seconds("tables").isEmpty());
        // Marking a name again replaces it.
        assertEquals(0.5, t.at("config", 10_500).seconds("config").getAsDouble(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> t.at("first candidate", 12_000));
    }

    @Test
    void theLogLineReadsBack() {
        Timeline t = new Timeline(0, Map.of()).at("jvm", 210).at("config", 950).at(Timeline.FIRST_CANDIDATE, 4_125);
        String line = t.line();
        assertEquals(Timeline.PREFIX + " jvm 0.21, config 0.95, first-candidate 4.13", line);
        assertEquals(Map.of("jvm", 0.21, "config", 0.95, "first-candidate", 4.13), Timeline.parse("12:00:01 " + line));
        assertEquals(Map.of(), Timeline.parse("gnc: cells 1/1 done | 4.2 M candidates/s"));
        assertEquals(Map.of(), Timeline.parse(Timeline.PREFIX + " jvm zero"));
    }

    @Test
    void theCommandStartsWithTheLauncherWhenItSaysSo() {
        String before = System.getProperty(Timeline.LAUNCHED_PROPERTY);
        try {
            long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            System.setProperty(Timeline.LAUNCHED_PROPERTY, Double.toString((jvm - 1500) / 1000.0));
            assertEquals(1.5, Timeline.ofThisCommand().seconds("jvm").getAsDouble(), 1e-3);
            System.setProperty(Timeline.LAUNCHED_PROPERTY, "not a time");
            assertEquals(0.0, Timeline.ofThisCommand().seconds("jvm").getAsDouble(), 1e-12);
        } finally {
            if (before == null) {
                System.clearProperty(Timeline.LAUNCHED_PROPERTY);
            } else {
                System.setProperty(Timeline.LAUNCHED_PROPERTY, before);
            }
        }
    }

    /**
     * The watch sees the plain RDD job (a sampling round's kind) and not the Parquet write (the tables'
     * kind) that follows it: sampling ends before the write starts.
     */
    @Test
    void theSamplingWatchSeesRddJobsNotSqlWrites(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Timeline.SamplingWatch watch = Timeline.SamplingWatch.on(spark.sparkContext());
        long before = System.currentTimeMillis();
        try {
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3, 4), 2)
                    .map(i -> i * i).collect();
            Thread.sleep(200);
            long writeStart = System.currentTimeMillis();
            spark.range(10).write().parquet(dir.resolve("t").toString());
            assertTrue(Files.isDirectory(dir.resolve("t")));
            Timeline t = waitForSampling(watch, new Timeline(before, Map.of()));
            double first = t.seconds(Timeline.FIRST_CANDIDATE).getAsDouble();
            double end = t.seconds(Timeline.SAMPLING_END).getAsDouble();
            assertTrue(0 <= first && first <= end, t.line());
            assertTrue(end <= (writeStart - before) / 1000.0, t.line());
        } finally {
            watch.close();
        }
    }

    /** The watch's milestones once the listener bus has delivered the RDD job's end (it is asynchronous). */
    private static Timeline waitForSampling(Timeline.SamplingWatch watch, Timeline timeline) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Timeline t = watch.addTo(timeline);
        while (t.seconds(Timeline.SAMPLING_END).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            t = watch.addTo(timeline);
        }
        return t;
    }
}
