package org.gnc.model;

import org.gnc.rng.CounterRng;

/**
 * How a finite prior with k levels packs the level indices (base-k digits) of consecutive parameters
 * into random words: the one definition that {@link Prior#draw} and every fused kernel share.
 *
 * <p><b>Encoding.</b> Let b = b(k) be the largest b &gt;= 1 with k^b &lt;= 2^16 (b = 1 when k &gt; 2^16),
 * N = k^b the size of a <i>block</i>, and t = 2^32 mod N. A 64-bit word holds m = 2b digits: its high 32
 * bits (half 0) give digits 0 .. b-1 and its low 32 bits (half 1) give digits b .. 2b-1, each half's b
 * digits being the base-k digits, most significant first, of its block value x. From a half r (read as
 * an unsigned 32-bit number), x = floor(r N / 2^32) when the low 32 bits of r N are at least t
 * (Lemire's multiply-and-reject, ACM TOMACS 29(1), 2019); otherwise r is rejected and retry j = 1, 2, ...
 * takes the same half of word j - 1 of the stream {@code rng.child(c)}, c being the counter of the
 * rejected word, until one is accepted. A rejection has probability t / 2^32 &lt; N / 2^32 &lt;= 2^-16 (0
 * when k is a power of two), so kernels decode the first word and leave retries to a rare slow path.
 *
 * <p><b>The law is exact</b> (for uniform, independent random words). <i>Proof.</i> Fix x in [0, N). The
 * r with floor(r N / 2^32) = x are those with r N = x 2^32 + l, 0 &lt;= l &lt; 2^32, and r -&gt; l = r N - x 2^32
 * is a bijection from them onto the l in [0, 2^32) with l = -x 2^32 (mod N). Acceptance keeps those with
 * l in [t, 2^32), an interval whose length 2^32 - t is a multiple of N, so it holds exactly (2^32 - t) / N
 * members of every residue class mod N: each x has the same number of accepted r. Hence an accepted x is
 * uniform on [0, N), its b base-k digits are uniform on {0..k-1}^b, i.e. independent and each uniform
 * over the levels. A retry uses a fresh independent word, so the first accepted value has the same law,
 * and distinct halves (disjoint bits of one word, or distinct words) are independent. The previous
 * encoding (m(k) digits as floor(u k^m / 2^64) of a whole word) was uniform only up to 2^-32 in total
 * variation; this one is exact, and needs only 32-bit products, which every x86 vector unit has.
 *
 * <p>The digits per word are unchanged for k = 2, 3, 4, 8, 16, 256, 65536 (32, 20, 16, 10, 8, 4, 2).
 */
public record LevelPacking(int k, int halfDigits, long block, long threshold) implements java.io.Serializable {

    /** The packing of a k-level prior. */
    public static LevelPacking of(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("a finite prior needs at least one level, got " + k);
        }
        int b = 1;
        long n = k;
        if (k == 1) {
            b = 16;
            n = 1;
        } else {
            while (n * k <= (1L << 16)) {
                n *= k;
                b++;
            }
        }
        return new LevelPacking(k, b, n, (1L << 32) % n);
    }

    /** Digits per 64-bit word, 2 b(k). */
    public int digitsPerWord() {
        return 2 * halfDigits;
    }

    /** Half {@code half} (0: high 32 bits, 1: low 32 bits) of a word, as an unsigned value in [0, 2^32). */
    public static long half(long word, int half) {
        return half == 0 ? word >>> 32 : word & 0xFFFFFFFFL;
    }

    /** Whether the half r (in [0, 2^32)) is accepted: the low 32 bits of r N are at least t. */
    public boolean accepts(long r) {
        return ((r * block) & 0xFFFFFFFFL) >= threshold;
    }

    /**
     * The block value x in [0, N) of half {@code half} of the word at {@code counter}, retries included:
     * its b digits, most significant first, are the digits (counter's word index) m + half b .. of the
     * parameters this word holds.
     */
    public long blockValue(CounterRng rng, long counter, int half) {
        return blockValue(rng, counter, rng.word(counter), half);
    }

    /** As {@link #blockValue(CounterRng, long, int)}, given the word at {@code counter}, {@code rng.word(counter)}. */
    public long blockValue(CounterRng rng, long counter, long word, int half) {
        long r = half(word, half);
        if (accepts(r)) {
            return (r * block) >>> 32;
        }
        CounterRng retries = rng.child(counter);
        for (long j = 0; ; j++) {
            r = half(retries.word(j), half);
            if (accepts(r)) {
                return (r * block) >>> 32;
            }
        }
    }

    /** The m = 2b digits of the word at {@code counter} into {@code digits[0 .. m)}, most significant first. */
    public void wordDigits(CounterRng rng, long counter, int[] digits) {
        long word = rng.word(counter);
        for (int h = 0; h < 2; h++) {
            long x = blockValue(rng, counter, word, h);
            for (int t = (h + 1) * halfDigits - 1; t >= h * halfDigits; t--) {
                digits[t] = (int) (x % k);
                x /= k;
            }
        }
    }
}
