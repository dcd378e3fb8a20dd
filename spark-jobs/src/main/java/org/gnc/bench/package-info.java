/**
 * Benchmarking in one place: the workloads of {@code conf/bench/} ({@link org.gnc.bench.BenchWorkload}),
 * the kernel and sampler timing ({@link org.gnc.bench.KernelBench}), the Spark job timing
 * ({@link org.gnc.bench.SparkJobBench}), the numpy reference as a child process
 * ({@link org.gnc.bench.ReferenceBench}, its CPU dispatch limited by {@link org.gnc.bench.ReferenceCpu}), the
 * machine's description ({@link org.gnc.bench.MachineInfo}), bench again in a child JVM with other JVM options
 * ({@link org.gnc.bench.ChildJvm}), sequential Monte Carlo against Guess &amp; Check
 * ({@link org.gnc.bench.SmcBench}) and the report of {@code gnc bench} ({@link org.gnc.bench.Bench}).
 * Only {@code SparkJobBench} and {@code Bench} use Spark (through {@code org.gnc.spark}); the others use
 * the core alone, so the JMH benchmarks in {@code benchmarks/} take their workloads from here too. May
 * use every package below {@code cli}.
 */
package org.gnc.bench;
