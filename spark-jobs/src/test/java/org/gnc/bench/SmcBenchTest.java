package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.gnc.stats.ClopperPearson;
import org.gnc.stats.Interval;
import org.junit.jupiter.api.Test;

/**
 * The SMC workload: Guess &amp; Check's acceptances for an interval, and a smoke run of every part on the
 * workload's own cell with tiny settings (figures that hang together; no speed is asserted).
 */
class SmcBenchTest {
    private static double logHalfWidth(long k, double p) {
        Interval ci = ClopperPearson.interval95(k, (long) Math.ceil(k / p));
        return (Math.log(ci.high()) - Math.log(ci.low())) / 2;
    }

    @Test
    void guessAndCheckNeedsAboutFourHundredAcceptancesForPlusMinusATenthInLnP() {
        for (double p : new double[] {1e-3, 7.6e-8, 1e-12}) {
            long k = SmcBench.acceptancesFor(0.1, p);
            // The fewest: k reaches the half-width, k - 1 does not; about (1.96 / 0.1)^2 = 384.
            assertTrue(logHalfWidth(k, p) <= 0.1 && logHalfWidth(k - 1, p) > 0.1, "k = " + k + " at p = " + p);
            assertTrue(k >= 380 && k <= 400, "k = " + k + " at p = " + p);
        }
        assertEquals(1, SmcBench.acceptancesFor(100, 1e-6));
        assertTrue(SmcBench.acceptancesFor(0.05, 1e-6) > 3 * SmcBench.acceptancesFor(0.1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> SmcBench.acceptancesFor(0.1, 0));
    }

    @Test
    void aTinyRunMeasuresEveryPartAndRecordsIt() throws Exception {
        StringWriter text = new StringWriter();
        List<String> tiny = List.of("data.train-size=16", "data.test-size=200", "sampler.particles=20",
                "sampler.moves=1", "sampler.replicates=3", "sampler.checkpoints=[12, 16]");
        JsonNode node = SmcBench.measure(BenchWorkload.smc(), tiny, new SmcBench.Plan(0.2, 2, 2.0),
                new PrintWriter(text, true));
        String out = text.toString();
        for (String line : List.of("SMC Guess & Check (kernel", "SMC Gibbs moves  1 thread", "SMC Gibbs moves  2 threads",
                "SMC to +-2.00 in ln p", "SMC ln p-hat: SMC", "SMC reach n = 16")) {
            assertTrue(out.contains(line), line + " missing from\n" + out);
        }
        assertEquals(12, node.path("n").asInt());
        assertEquals(20, node.path("particles").asInt());
        assertEquals(8 * 20 + 8, node.path("parameters").asInt());
        assertTrue(node.path("sweeps_1thread_per_s").asDouble() > 0, out);
        assertEquals(168 * node.path("sweeps_all_cores_per_s").asDouble(),
                node.path("coordinate_draws_all_cores_per_s").asDouble(), 1e-6);
        assertTrue(node.path("throughput_replicates_all_cores").asInt() >= 2, out);

        JsonNode rejection = node.path("rejection");
        assertTrue(rejection.path("n_candidates").asLong() > 0 && rejection.path("cand_per_s_all_cores").asDouble() > 0);

        JsonNode smc = node.path("to_interval");
        int replicates = smc.path("replicates").asInt();
        assertTrue(replicates >= 3 && replicates <= SmcBench.MAX_REPLICATES, out);
        double low = smc.path("log_acceptance_ci95").get(0).asDouble();
        double high = smc.path("log_acceptance_ci95").get(1).asDouble();
        double log = smc.path("log_acceptance").asDouble();
        assertTrue(low <= log && log <= high && log < 0, out);
        assertEquals(smc.path("half_width").asDouble() <= 2.0, smc.path("reached").asBoolean());
        if (smc.path("reached").asBoolean()) {
            assertTrue(rejection.path("acceptances_needed").asLong() >= 1, out);
            assertEquals(rejection.path("seconds_needed_computed").asDouble() / smc.path("seconds").asDouble(),
                    node.path("ratio_rejection_seconds_to_smc").asDouble(), 1e-9);
        }

        JsonNode reach = node.path("reach");
        assertEquals(16, reach.path("n").asInt());
        // ln p* of a width-8 ternary student of the quickstart's width-2 ternary teacher: ln(8 * 7) - 48 ln 3.
        assertEquals(Math.log(56) - 48 * Math.log(3), reach.path("log_p_star").asDouble(), 1e-9);
        assertTrue(reach.path("seconds").asDouble() > 0 && reach.path("log_acceptance").asDouble() < 0, out);
    }
}
