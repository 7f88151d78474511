// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cause mapping with per-trunk overrides: a Reason header's Q.850 cause
 * wins, then the trunk's [causes NAME] table, then RFC 3398 (cause.c).
 */
#include <stddef.h>

#include "call/cause.h"
#include "route.h"

int route_sip_to_cause(const struct route_causes *t, int status, int reason_cause)
{
	int i;

	if (reason_cause > 0)
		return reason_cause;
	for (i = 0; t && i < t->nsip2q; i++)
		if (t->sip2q[i].from == status)
			return t->sip2q[i].to;
	return sip_to_cause(status);
}

int route_cause_to_sip(const struct route_causes *t, int cause)
{
	int i;

	for (i = 0; t && i < t->nq2sip; i++)
		if (t->q2sip[i].from == cause)
			return t->q2sip[i].to;
	return cause_to_sip(cause);
}
