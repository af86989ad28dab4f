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
