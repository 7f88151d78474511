// SPDX-License-Identifier: GPL-2.0-only
/*
 * History-Info (RFC 7044) for redirected calls, the alternative to
 * Diversion: the redirecting number becomes the first hi-entry and the
 * new target the second, with the redirecting reason as the RFC 4458
 * cause URI parameter; from SIP the redirecting party is the entry a
 * cause-bearing entry was retargeted from (RFC 6044 section 7).
 */
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "route.h"

/* RFC 4458 section 2 cause values <-> Q.931 redirecting reason */
static const struct {
	int isdn;
	int cause;
} hi_causes[] = {
	{PRI_REDIR_UNKNOWN, 404},
	{PRI_REDIR_FORWARD_ON_BUSY, 486},
	{PRI_REDIR_FORWARD_ON_NO_REPLY, 408},
	{PRI_REDIR_UNCONDITIONAL, 302},
	{PRI_REDIR_DEFLECTION, 487},	    /* deflection during alerting */
	{PRI_REDIR_DEFLECTION, 480},	    /* deflection immediate response */
	{PRI_REDIR_DTE_OUT_OF_ORDER, 503},  /* not reachable */
	{PRI_REDIR_FORWARDED_BY_DTE, 302},  /* forwarded by the user: unconditional */
};

int route_history_cause(int isdn_reason)
{
	size_t i;

	for (i = 0; i < sizeof(hi_causes) / sizeof(hi_causes[0]); i++)
		if (hi_causes[i].isdn == isdn_reason)
			return hi_causes[i].cause;
	return 404;
}

int route_history_reason_isdn(int cause)
{
	size_t i;

	for (i = 0; i < sizeof(hi_causes) / sizeof(hi_causes[0]); i++)
		if (hi_causes[i].cause == cause)
			return hi_causes[i].isdn;
	return PRI_REDIR_UNKNOWN;
}

int route_history_build(const char *redirecting, int reason, const char *called, const char *host,
			char *buf, size_t size)
{
	const char *rp = redirecting[0] == '+' ? ";user=phone" : "";
	const char *cp = called[0] == '+' ? ";user=phone" : "";
	int w;

	/* mp: the target was changed by mapping (forwarding), RFC 7044 4.3.2 */
	w = snprintf(buf, size,
		     "History-Info: <sip:%s@%s%s>;index=1,<sip:%s@%s%s;cause=%d>;index=1.1;mp=1\r\n",
		     redirecting, host, rp, called, host, cp, route_history_cause(reason));
	return w < 0 || (size_t)w >= size ? -1 : 0;
}

/* the <URI> of one hi-entry and the rest after it */
static bool entry_uri(const char *v, size_t len, const char **uri, size_t *ulen, const char **rest,
		      size_t *rlen)
{
	const char *lt = memchr(v, '<', len), *gt;

	if (!lt)
		return false;
	gt = memchr(lt, '>', len - (size_t)(lt - v));
	if (!gt)
		return false;
	*uri = lt + 1;
	*ulen = (size_t)(gt - lt - 1);
	*rest = gt + 1;
	*rlen = len - (size_t)(gt + 1 - v);
	return true;
}

/* ;name=value in s (URI parameters before any '?', or header parameters) */
static bool param(const char *s, size_t len, const char *name, char *out, size_t size)
{
	const char *end = s + len, *q = memchr(s, '?', len);
	size_t nl = strlen(name);

	if (q)
		end = q;
	for (; s < end; s++) {
		const char *v, *e;

		if (*s != ';')
			continue;
		v = s + 1;
		while (v < end && *v == ' ')
			v++;
		if ((size_t)(end - v) <= nl || strncasecmp(v, name, nl) || v[nl] != '=')
			continue;
		v += nl + 1;
		for (e = v; e < end && *e != ';' && *e != ' ' && *e != ','; e++)
			;
		if ((size_t)(e - v) >= size)
			return false;
		memcpy(out, v, (size_t)(e - v));
		out[e - v] = '\0';
		return true;
	}
	return false;
}

/* the number in a sip:/sips:/tel: URI's user part, "" for none */
static void uri_number(const char *u, size_t len, char *out, size_t size)
{
	const char *end = u + len, *p;
	size_t n = 0;
	bool tel = false;

	out[0] = '\0';
	if (len > 4 && !strncasecmp(u, "sip:", 4))
		u += 4;
	else if (len > 5 && !strncasecmp(u, "sips:", 5))
		u += 5;
	else if (len > 4 && !strncasecmp(u, "tel:", 4))
		u += 4, tel = true;
	else
		return;
	if (!tel && !memchr(u, '@', (size_t)(end - u)))
		return;
	for (p = u; p < end && *p != '@' && *p != ';' && *p != '?' && *p != ':'; p++) {
		if (*p == '-' || *p == '.' || *p == '(' || *p == ')')
			continue;
		if ((*p < '0' || *p > '9') && !(*p == '+' && n == 0))
			return (void)(out[0] = '\0'); /* not a number */
		if (n + 1 < size)
			out[n++] = *p;
	}
	out[n] = '\0';
}

bool route_history_parse(const char *const *vals, const size_t *lens, unsigned n,
			 char *redirecting, size_t size, int *reason)
{
	char idx[ROUTE_HI_MAX][16], cause[8], parent[16];
	const char *uri[ROUTE_HI_MAX], *rest;
	size_t ulen[ROUTE_HI_MAX], rlen;
	int last = -1, from = -1;
	unsigned i;

	redirecting[0] = '\0';
	if (n > ROUTE_HI_MAX)
		n = ROUTE_HI_MAX;
	for (i = 0; i < n; i++) {
		if (!entry_uri(vals[i], lens[i], &uri[i], &ulen[i], &rest, &rlen))
			return false;
		if (!param(rest, rlen, "index", idx[i], sizeof(idx[i])))
			idx[i][0] = '\0';
		if (param(uri[i], ulen[i], "cause", cause, sizeof(cause)))
			last = (int)i;
	}
	if (last <= 0)
		return false; /* no retargeting with a cause, or nothing before it */
	/* the entry it was retargeted from: its parent index (1.1.2 -> 1.1) */
	snprintf(parent, sizeof(parent), "%s", idx[last]);
	if (strrchr(parent, '.')) {
		*strrchr(parent, '.') = '\0';
		for (i = 0; i < (unsigned)last; i++)
			if (!strcmp(idx[i], parent))
				from = (int)i;
	}
	if (from < 0)
		from = last - 1; /* no usable index: the entry before it */
	uri_number(uri[from], ulen[from], redirecting, size);
	if (!redirecting[0])
		return false;
	param(uri[last], ulen[last], "cause", cause, sizeof(cause));
	*reason = route_history_reason_isdn(atoi(cause));
	return true;
}
