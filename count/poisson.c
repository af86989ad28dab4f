/*
 * poisson.c: the tails of a Poisson distribution, summed in log space so
 * large means neither overflow nor underflow.
 */
#include <math.h>

#include "count.h"

static double
term(int i, double lambda)
{
	return exp(-lambda + i * log(lambda) - lgamma(i + 1.0));
}

/* P(X <= k) for X ~ Poisson(lambda). */
double
poisson_lower(int k, double lambda)
{
	double	 s = 0;
	int	 i;

	if (k < 0)
		return 0;
	if (lambda <= 0)
		return 1;
	for (i = 0; i <= k; i++)
		s += term(i, lambda);
	return s > 1 ? 1 : s;
}

/* P(X >= k), summed upwards until the terms no longer matter. */
double
poisson_upper(int k, double lambda)
{
	double	 s = 0, t;
	int	 i, stop;

	if (k <= 0)
		return 1;
	if (lambda <= 0)
		return 0;
	stop = k + (int)(20 * sqrt(lambda)) + 100;
	for (i = k; i <= stop; i++) {
		t = term(i, lambda);
		s += t;
		if (i > lambda && t < s * 1e-17)
			break;
	}
	return s > 1 ? 1 : s;
}

/* log P(X = i) for X ~ Binomial(n, p), 0 < p < 1. */
static double
binom_log_pmf(int i, int n, double p)
{
	return lgamma(n + 1.0) - lgamma(i + 1.0) - lgamma(n - i + 1.0) +
	    i * log(p) + (n - i) * log1p(-p);
}

/*
 * A binomial tail summed from its inner end k outwards (dir -1: down to
 * 0, +1: up to n). Called only for the tail away from the mean, so the
 * terms shrink as they go and the first, computed once in log space, is
 * the largest; the rest follow by the ratio of successive terms, and the
 * sum stops when they no longer matter.
 */
static double
binom_tail(int k, int n, double p, int dir)
{
	double	 t = exp(binom_log_pmf(k, n, p)), s = 0, odds = p / (1 - p);
	int	 i;

	for (i = k; i >= 0 && i <= n; i += dir) {
		s += t;
		if (t < s * 1e-17)
			break;
		t *= dir > 0 ? (double)(n - i) / (i + 1) * odds :
		    (double)i / (n - i + 1) / odds;
	}
	return s > 1 ? 1 : s;
}

/* P(X <= k) for X ~ Binomial(n, p). */
double
binom_lower(int k, int n, double p)
{
	if (k < 0)
		return 0;
	if (k >= n || p <= 0)
		return 1;
	if (p >= 1)
		return 0;
	if (k <= n * p)
		return binom_tail(k, n, p, -1);
	return 1 - binom_tail(k + 1, n, p, 1);
}

/* P(X >= k) for X ~ Binomial(n, p). */
double
binom_upper(int k, int n, double p)
{
	if (k <= 0)
		return 1;
	if (k > n || p <= 0)
		return 0;
	if (p >= 1)
		return 1;
	if (k >= n * p)
		return binom_tail(k, n, p, 1);
	return 1 - binom_tail(k - 1, n, p, -1);
}

/*
 * The Clopper-Pearson bounds for a binomial proportion, x of n, at
 * confidence conf: the p where P(X >= x) and P(X <= x) are each (1 -
 * conf) / 2. Both tails are monotone in p, so bisection finds them; 64
 * halvings of [0, 1] reach double precision.
 */
static void
clopper_pearson(int x, int n, double conf, double *lo, double *hi)
{
	double	 a = (1 - conf) / 2, l, h, m;
	int	 i;

	*lo = 0;
	*hi = 1;
	if (x > 0) {
		for (l = 0, h = 1, i = 0; i < 64; i++) {
			m = (l + h) / 2;
			if (binom_upper(x, n, m) < a)
				l = m;
			else
				h = m;
		}
		*lo = (l + h) / 2;
	}
	if (x < n) {
		for (l = 0, h = 1, i = 0; i < 64; i++) {
			m = (l + h) / 2;
			if (binom_lower(x, n, m) > a)
				l = m;
			else
				h = m;
		}
		*hi = (l + h) / 2;
	}
}

/* A proportion of the binomial as a rate ratio: pi / (1 - pi) * s / t. */
static double
to_ratio(double pi, double t, double s)
{
	if (pi >= 1)
		return INFINITY;
	return pi / (1 - pi) * s / t;
}

/*
 * The exact conditional test for two Poisson rates (R's two-sample
 * poisson.test): x events in exposure t against y in exposure s. Given
 * x + y events, under equal rates x ~ Binomial(x + y, t / (t + s)); the
 * rate ratio's interval is Clopper-Pearson's for that proportion,
 * transformed. t and s must be positive.
 */
void
rate_test(int x, double t, int y, double s, double conf,
    struct rate_test *r)
{
	double	 p = t / (t + s), lo, hi;
	int	 n = x + y;

	r->p_lower = binom_lower(x, n, p);
	r->p_upper = binom_upper(x, n, p);
	if (y > 0)
		r->ratio = ((double)x / t) / ((double)y / s);
	else
		r->ratio = x > 0 ? INFINITY : NAN;
	if (n == 0) {
		r->lo = 0;
		r->hi = INFINITY;
		return;
	}
	clopper_pearson(x, n, conf, &lo, &hi);
	r->lo = to_ratio(lo, t, s);
	r->hi = to_ratio(hi, t, s);
}
