package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void logLinesWhenNotATerminal() throws InterruptedException {
        StringWriter text = new StringWriter();
        AtomicLong candidates = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        try (Progress p = new Progress(new PrintWriter(text), false, 12, candidates::get, accepted::get, 50)) {
            candidates.set(5_000_000);
            accepted.set(1234);
            p.cellsDone(3);
            // Wait for two periodic lines (however slow the machine), then close prints the last one.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (text.toString().split("\n").length < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        String[] lines = text.toString().split("\n");
        assertTrue(lines.length >= 3, text.toString());
        String last = lines[lines.length - 1];
        assertTrue(last.matches("gnc: cells 3/12 done \\| [0-9.]+( [kMG])? candidates/s \\| 1,234 accepted \\| \\d+:\\d{2}"), last);
    }

    @Test
    void aJobsOwnStatusLineIsFollowedByTheClock() {
        StringWriter text = new StringWriter();
        AtomicLong done = new AtomicLong();
        try (Progress p = Progress.of(new PrintWriter(text), false, () -> "attack " + done.get() + "/4 done", 60_000)) {
            done.set(3);
        }
        String[] lines = text.toString().split("\n");
        assertEquals(1, lines.length, text.toString()); // only the closing line within the minute
        assertTrue(lines[0].matches("gnc: attack 3/4 done \\| \\d+:\\d{2}"), lines[0]);
    }

    @Test
    void ratesAndClocksRead() {
        assertEquals("2.50 M", Progress.rate(2.5e6));
        assertEquals("12.0 k", Progress.rate(12_000));
        assertEquals("1.20 G", Progress.rate(1.2e9));
        assertEquals("7", Progress.rate(7));
        assertEquals("2:05", Progress.clock(125.9));
    }
}
