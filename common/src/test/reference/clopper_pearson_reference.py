"""Reference values for ClopperPearsonTest (run by hand, never at test time): python3 clopper_pearson_reference.py

Where min(x, n - x) <= 5000 the ends are roots, found by 80 bisection steps in 50-digit mpmath arithmetic, of the exact
finite binomial tails P(Bin(n, p) >= x) = alpha/2 (low) and P(Bin(n, p) <= x) = alpha/2 (high); scipy's
beta.ppf/beta.isf only supplies the starting bracket. (scipy 1.17's beta.ppf itself is off by up to ~2e-8 relative for
x = 1..20, n = 1e9, so it is not the reference there.) For the six rows with both counts above 5000 (x = n/2,
n >= 1e6) the values are scipy.stats.beta.ppf(alpha/2, x, n - x + 1) and scipy.stats.beta.isf(alpha/2, x + 1, n - x),
accurate to about 1e-10 relative there.
"""
import mpmath as mp
from scipy.stats import beta
mp.mp.dps = 50
def cdf(k, n, p):  # P(Bin(n,p) <= k), exact finite sum in 50-digit arithmetic
    if k < 0: return mp.mpf(0)
    if k >= n: return mp.mpf(1)
    if k <= n - k - 1:
        return terms_sum(n, p, k)
    return 1 - terms_sum(n, 1 - p, n - k - 1)  # P(X >= k+1) = P(n-X <= n-k-1), n-X ~ Bin(n, 1-p)
def terms_sum(n, p, k):  # sum_{j<=k} C(n,j) p^j (1-p)^(n-j) by the term recurrence
    t = (1 - p)**n; s = t; r = p / (1 - p)
    for j in range(k):
        t = t * (n - j) / (j + 1) * r; s += t
    return s
def ends(x, n, conf):
    if 2 * x > n:  # mirror: [1 - high(n-x), 1 - low(n-x)], keeps the root near 0 where the bracket is relative
        lo, hi = ends(n - x, n, conf)
        return 1 - hi, 1 - lo
    h = (1 - mp.mpf(conf)) / 2
    def root(f, g):  # bisection on a bracket around scipy's estimate
        g = mp.mpf(g); d = mp.mpf('1e-5') * min(g, 1 - g); a = g - d; b = g + d
        fa = f(a); fb = f(b); assert fa * fb < 0, (g, fa, fb)
        for _ in range(80):
            m = (a + b) / 2; fm = f(m)
            if fm * fa > 0: a, fa = m, fm
            else: b, fb = m, fm
        return (a + b) / 2
    # low: P(X >= x | p) = h  <=>  1 - cdf(x-1) = h ;  high: cdf(x) = h
    lo = mp.mpf(0) if x == 0 else root(lambda p: 1 - cdf(x-1, n, p) - h, float(beta.ppf(float(h), x, n-x+1)))
    hi = mp.mpf(1) if x == n else root(lambda p: cdf(x, n, p) - h, float(beta.isf(float(h), x+1, n-x)))
    return lo, hi
out = []
for n in [1, 2, 10, 100, 10**4, 10**6, 10**9, 10**12]:
    for x in sorted({0, 1, 2, 5, 50, n//2, n-1, n}):
        if x < 0 or x > n: continue
        for conf in ('0.95', '0.99'):
            if min(x, n-x) > 5000:
                a = 1 - float(conf)
                lo = float(beta.ppf(a/2, x, n-x+1)); hi = float(beta.isf(a/2, x+1, n-x)); src = 'scipy'
            else:
                lo, hi = ends(x, n, conf); lo = float(lo); hi = float(hi); src = 'mpmath'
            out.append(f"            {{{x}L, {n}L, {conf}, {lo!r}, {hi!r}}}, // {src}")
print("\n".join(out))
