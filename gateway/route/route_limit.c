// SPDX-License-Identifier: GPL-2.0-only
/*
 * Call admission limits of trunks, span groups and rules: concurrent calls
 * and calls per second (a token bucket on the loop's clock), and the
 * emergency exception. Pure functions; route_call.c counts the calls.
 */
#include "route.h"

#define MILLI 1000u

/* full at first use; refilled at rate tokens a second, at most rate held */
static void bucket_refill(struct route_bucket *b, unsigned rate, uint64_t now_ms)
{
	uint64_t cap = (uint64_t)rate * MILLI;

	if (!b->primed || b->rate != rate) {
		b->milli = cap;
		b->last_ms = now_ms;
		b->rate = rate;
		b->primed = true;
		return;
	}
	if (now_ms > b->last_ms) {
		b->milli += (now_ms - b->last_ms) * rate;
		if (b->milli > cap)
			b->milli = cap;
		b->last_ms = now_ms;
	}
}

enum route_limit_hit route_limit_admit(const struct route_limit *l, int calls,
				       struct route_bucket *b, uint64_t now_ms, bool emergency)
{
	if (l->max_calls && calls >= (int)l->max_calls && !emergency)
		return ROUTE_LIMIT_CALLS;
	if (!l->max_cps)
		return ROUTE_LIMIT_NONE;
	bucket_refill(b, l->max_cps, now_ms);
	if (b->milli >= MILLI)
		b->milli -= MILLI;
	else if (!emergency)
		return ROUTE_LIMIT_CPS;
	return ROUTE_LIMIT_NONE;
}

unsigned route_limit_retry_after(const struct route_limit *l, const struct route_bucket *b,
				 uint64_t now_ms)
{
	uint64_t have, ms;

	if (!l->max_cps || !b->primed)
		return 1;
	have = b->milli + (now_ms > b->last_ms ? (now_ms - b->last_ms) * l->max_cps : 0);
	if (have >= MILLI)
		return 1;
	ms = (MILLI - have + l->max_cps - 1) / l->max_cps;
	return (unsigned)((ms + 999) / 1000);
}

int route_limit_cause(enum route_limit_hit hit)
{
	/* Q.850: no circuit for a full trunk or group, congestion for a rate */
	return hit == ROUTE_LIMIT_CPS ? 42 : 34;
}

const char *route_limit_name(enum route_limit_hit hit)
{
	return hit == ROUTE_LIMIT_CALLS ? "max_calls" : hit == ROUTE_LIMIT_CPS ? "max_cps" : "none";
}
