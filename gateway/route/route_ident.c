// SPDX-License-Identifier: GPL-2.0-only
/*
 * Caller identity across the gateway: Q.931 presentation indicators and
 * redirecting numbers on one side, RFC 3325 P-Asserted-Identity, RFC 3323
 * Privacy and anonymous From, and RFC 5806 Diversion (or RFC 7044
 * History-Info, route_history.c) on the other.
 */
#include <libpri.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "route.h"
#include "sip/sip_build.h"

enum route_pres route_pres_from_isdn(int pres)
{
	switch (pres & PRI_PRES_RESTRICTION) {
	case PRI_PRES_ALLOWED:
		return ROUTE_PRES_ALLOWED;
	case PRI_PRES_RESTRICTED:
		return ROUTE_PRES_RESTRICTED;
	default:
		return ROUTE_PRES_UNAVAILABLE;
	}
}

int route_pres_to_isdn(enum route_pres pres, bool screened)
{
	int screen =
		screened ? PRI_PRES_USER_NUMBER_PASSED_SCREEN : PRI_PRES_USER_NUMBER_UNSCREENED;

	switch (pres) {
	case ROUTE_PRES_ALLOWED:
		return PRI_PRES_ALLOWED | screen;
	case ROUTE_PRES_RESTRICTED:
		return PRI_PRES_RESTRICTED | screen;
	default:
		return PRES_NUMBER_NOT_AVAILABLE;
	}
}

const char *route_pres_name(enum route_pres pres)
{
	return pres == ROUTE_PRES_ALLOWED      ? "allowed"
	       : pres == ROUTE_PRES_RESTRICTED ? "restricted"
					       : "unavailable";
}

static const struct {
	int isdn;
	const char *sip;
} div_reasons[] = {
	{PRI_REDIR_UNKNOWN, "unknown"},
	{PRI_REDIR_FORWARD_ON_BUSY, "user-busy"},
	{PRI_REDIR_FORWARD_ON_NO_REPLY, "no-answer"},
	{PRI_REDIR_DEFLECTION, "deflection"},
	{PRI_REDIR_DTE_OUT_OF_ORDER, "out-of-service"},
	{PRI_REDIR_FORWARDED_BY_DTE, "follow-me"},
	{PRI_REDIR_UNCONDITIONAL, "unconditional"},
	{PRI_REDIR_DTE_OUT_OF_ORDER, "unavailable"},
};

const char *route_diversion_reason(int isdn_reason)
{
	size_t i;

	for (i = 0; i < sizeof(div_reasons) / sizeof(div_reasons[0]); i++)
		if (div_reasons[i].isdn == isdn_reason)
			return div_reasons[i].sip;
	return "unknown";
}

int route_diversion_reason_isdn(const char *reason, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(div_reasons) / sizeof(div_reasons[0]); i++)
		if (strlen(div_reasons[i].sip) == len &&
		    !strncasecmp(div_reasons[i].sip, reason, len))
			return div_reasons[i].isdn;
	return PRI_REDIR_UNKNOWN;
}

static const char *uri_params(const char *num)
{
	return num[0] == '+' ? ";user=phone" : "";
}

int route_ident_sip_headers(const struct route_ident *id, const char *host, bool trusted,
			    unsigned redir, const char *called, char *buf, size_t size,
			    bool *from_anonymous)
{
	size_t n = 0;
	int w;

	buf[0] = '\0';
	*from_anonymous = id->pres != ROUTE_PRES_ALLOWED || !id->calling[0];
	if (id->calling[0] && id->pres != ROUTE_PRES_UNAVAILABLE) {
		/* outside the trust domain the identity is not asserted at all (RFC 3325 5) */
		char dname[132] = "";

		if (id->name[0] && !sip_qstr_escape(id->name, dname, sizeof(dname) - 1))
			strcat(dname, " ");
		if (trusted)
			w = snprintf(buf, size, "P-Asserted-Identity: %s<sip:%s@%s%s>\r\n%s", dname,
				     id->calling, host, uri_params(id->calling),
				     id->pres == ROUTE_PRES_RESTRICTED ? "Privacy: id\r\n" : "");
		else
			w = snprintf(buf, size, "%s",
				     id->pres == ROUTE_PRES_RESTRICTED ? "Privacy: id\r\n" : "");
		if (w < 0 || (size_t)w >= size)
			return -1;
		n = (size_t)w;
	}
	if (id->redirecting[0] && (redir & ROUTE_REDIR_DIVERSION)) {
		w = snprintf(buf + n, size - n, "Diversion: <sip:%s@%s%s>;reason=%s;counter=1\r\n",
			     id->redirecting, host, uri_params(id->redirecting),
			     route_diversion_reason(id->redirecting_reason));
		if (w < 0 || (size_t)w >= size - n)
			return -1;
		n += (size_t)w;
	}
	if (id->redirecting[0] && (redir & ROUTE_REDIR_HISTORY) && called && called[0])
		return route_history_build(id->redirecting, id->redirecting_reason, called, host,
					   buf + n, size - n);
	return 0;
}

/* the user part of the first sip:, sips: or tel: URI in a header value */
static void uri_user(const char *v, size_t len, char *out, size_t size)
{
	const char *end = v + len, *p, *u;
	size_t n = 0;
	bool tel = false;

	out[0] = '\0';
	p = memchr(v, '<', len);
	if (p) {
		v = p + 1;
		p = memchr(v, '>', (size_t)(end - v));
		if (p)
			end = p;
	}
	if ((size_t)(end - v) > 4 && !strncasecmp(v, "sip:", 4)) {
		u = v + 4;
	} else if ((size_t)(end - v) > 5 && !strncasecmp(v, "sips:", 5)) {
		u = v + 5;
	} else if ((size_t)(end - v) > 4 && !strncasecmp(v, "tel:", 4)) {
		u = v + 4;
		tel = true;
	} else {
		return;
	}
	/* a sip: URI without a user part names a host, not a number */
	if (!tel && !memchr(u, '@', (size_t)(end - u)))
		return;
	for (p = u; p < end && *p != '@' && *p != ';' && *p != ':'; p++) {
		if (*p == '-' || *p == '.' || *p == '(' || *p == ')')
			continue; /* visual separators of tel: numbers */
		if (n + 1 < size)
			out[n++] = *p;
	}
	out[n] = '\0';
}

/* ;name=value in a header value after the URI */
static bool hdr_param(const char *v, size_t len, const char *name, const char **val, size_t *vlen)
{
	const char *end = v + len, *p = memchr(v, '>', len);
	size_t nl = strlen(name);

	for (p = p ? p : v; p < end; p++) {
		if (*p != ';')
			continue;
		p++;
		while (p < end && *p == ' ')
			p++;
		if ((size_t)(end - p) > nl && !strncasecmp(p, name, nl) && p[nl] == '=') {
			const char *s = p + nl + 1, *e = s;

			while (e < end && *e != ';' && *e != ',' && *e != ' ')
				e++;
			if (e - s >= 2 && *s == '"' && e[-1] == '"')
				s++, e--;
			*val = s;
			*vlen = (size_t)(e - s);
			return true;
		}
	}
	return false;
}

static bool privacy_hides_id(const char *v, size_t len)
{
	const char *end = v + len, *p = v;

	while (p < end) {
		const char *t;
		size_t l;

		while (p < end && (*p == ' ' || *p == ';' || *p == ','))
			p++;
		t = p;
		while (p < end && *p != ' ' && *p != ';' && *p != ',')
			p++;
		l = (size_t)(p - t);
		if ((l == 2 && !strncasecmp(t, "id", 2)) ||
		    (l == 6 && !strncasecmp(t, "header", 6)) ||
		    (l == 4 && !strncasecmp(t, "user", 4)))
			return true;
	}
	return false;
}

void route_ident_from_sip(const struct route_sip_hdrs *h, struct route_ident *id, bool *screened)
{
	memset(id, 0, sizeof(*id));
	*screened = false;
	if (h->pai && h->pai_len)
		uri_user(h->pai, h->pai_len, id->calling, sizeof(id->calling));
	if (id->calling[0]) {
		*screened = true;
		route_name_from_hdr(h->pai, h->pai_len, id->name, sizeof(id->name));
	}
	if (!id->calling[0] && h->from_user && strcasecmp(h->from_user, "anonymous"))
		snprintf(id->calling, sizeof(id->calling), "%s", h->from_user);
	/* the From's display-name, unless the From is the anonymous one of RFC 3323 */
	if (!id->name[0] && h->from_display && h->from_user &&
	    strcasecmp(h->from_user, "anonymous"))
		route_name_to_isdn(h->from_display, id->name, sizeof(id->name));
	if (!id->calling[0])
		id->pres = ROUTE_PRES_UNAVAILABLE;
	else if (h->privacy && privacy_hides_id(h->privacy, h->privacy_len))
		id->pres = ROUTE_PRES_RESTRICTED;
	else
		id->pres = ROUTE_PRES_ALLOWED;
	if (h->diversion && h->div_len) {
		const char *r;
		size_t rl;

		uri_user(h->diversion, h->div_len, id->redirecting, sizeof(id->redirecting));
		id->redirecting_reason = PRI_REDIR_UNKNOWN;
		if (hdr_param(h->diversion, h->div_len, "reason", &r, &rl))
			id->redirecting_reason = route_diversion_reason_isdn(r, rl);
	} else if (h->nhi) {
		/* Diversion wins when both came: it is what a PRI's redirecting number was */
		route_history_parse(h->hi, h->hi_len, h->nhi, id->redirecting,
				    sizeof(id->redirecting), &id->redirecting_reason);
	}
}
