// SPDX-License-Identifier: GPL-2.0-only
/*
 * Number manipulation and E.164 normalisation. Inside routing a number
 * is "+CC..." when its type of number told us what it is, or the digits
 * as dialled otherwise; a rule rewrites it (regex, strip, prepend) and
 * formats it for the egress side with a type of number and plan.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "route.h"

/* a + b + c into out; numbers too long for out are cut (they are never dialled) */
static void cat3(char *out, size_t size, const char *a, const char *b, const char *c)
{
	size_t n = 0;
	const char *parts[3] = {a, b, c};
	int i;

	for (i = 0; i < 3; i++) {
		size_t l = strlen(parts[i]);

		if (n + l >= size)
			l = size - 1 - n;
		memcpy(out + n, parts[i], l);
		n += l;
	}
	out[n] = '\0';
}

void route_num_from_isdn(const struct route_numbering *np, const char *digits, int ton, char *out,
			 size_t size)
{
	if (!digits[0] || digits[0] == '+') {
		snprintf(out, size, "%s", digits);
		return;
	}
	switch (ton) {
	case ROUTE_TON_INTERNATIONAL:
		cat3(out, size, "+", "", digits);
		return;
	case ROUTE_TON_NATIONAL:
		if (np->country[0]) {
			cat3(out, size, "+", np->country, digits);
			return;
		}
		break;
	case ROUTE_TON_SUBSCRIBER:
		if (np->country[0] && np->area[0]) {
			char cc[20];

			snprintf(cc, sizeof(cc), "+%s", np->country);
			cat3(out, size, cc, np->area, digits);
			return;
		}
		break;
	}
	snprintf(out, size, "%s", digits);
}

static int subst(const struct route_numfmt *f, char *s, size_t size)
{
	regmatch_t m[10];
	regex_t rx;
	char out[ROUTE_NUM * 2];
	const char *t;
	size_t n = 0;

	if (!f->subst_re[0])
		return 0;
	if (regcomp(&rx, f->subst_re, REG_EXTENDED))
		return -EINVAL;
	if (regexec(&rx, s, 10, m, 0)) {
		regfree(&rx);
		return 0; /* no match: unchanged */
	}
	regfree(&rx);
	memcpy(out, s, (size_t)m[0].rm_so);
	n = (size_t)m[0].rm_so;
	for (t = f->subst_to; *t && n < sizeof(out) - 1; t++) {
		if (*t == '\\' && t[1] >= '0' && t[1] <= '9') {
			int g = t[1] - '0';

			t++;
			if (m[g].rm_so >= 0) {
				size_t l = (size_t)(m[g].rm_eo - m[g].rm_so);

				if (n + l >= sizeof(out))
					return -ENOSPC;
				memcpy(out + n, s + m[g].rm_so, l);
				n += l;
			}
			continue;
		}
		out[n++] = *t;
	}
	if (n + strlen(s + m[0].rm_eo) >= size)
		return -ENOSPC;
	memcpy(out + n, s + m[0].rm_eo, strlen(s + m[0].rm_eo) + 1);
	memcpy(s, out, strlen(out) + 1);
	return 0;
}

/* "00..." or "0..." as the numbering plan says -> "+..." where we can tell */
static void canonical(const struct route_numbering *np, char *s, size_t size)
{
	char tmp[ROUTE_NUM];
	size_t li = strlen(np->intl_prefix), ln = strlen(np->national_prefix);

	if (s[0] == '+' || !s[0])
		return;
	if (li && !strncmp(s, np->intl_prefix, li)) {
		snprintf(tmp, sizeof(tmp), "+%s", s + li);
	} else if (ln && np->country[0] && !strncmp(s, np->national_prefix, ln)) {
		snprintf(tmp, sizeof(tmp), "+%s%s", np->country, s + ln);
	} else {
		return;
	}
	snprintf(s, size, "%s", tmp);
}

int route_num_rewrite(const struct route_numbering *np, const struct route_numfmt *f, bool to_isdn,
		      const char *in, struct route_number *out)
{
	char s[ROUTE_NUM];
	const char *nsn = NULL, *e164;
	size_t lc = strlen(np->country), la = strlen(np->area);
	int ton = f->ton, err;

	memset(out, 0, sizeof(*out));
	snprintf(s, sizeof(s), "%s", in);
	err = subst(f, s, sizeof(s));
	if (err)
		return err;
	if (f->strip) {
		size_t l = strlen(s);

		memmove(s, s + (f->strip < l ? f->strip : l),
			l - (f->strip < l ? f->strip : l) + 1);
	}
	if (f->prepend[0]) {
		char tmp[ROUTE_NUM];

		if (strlen(f->prepend) + strlen(s) >= sizeof(tmp))
			return -ENOSPC;
		cat3(tmp, sizeof(tmp), f->prepend, s, "");
		strcpy(s, tmp);
	}
	if (!s[0]) {
		out->ton = ROUTE_TON_UNKNOWN;
		out->npi = ROUTE_NPI_UNKNOWN;
		return 0;
	}
	if (ton != ROUTE_TON_KEEP)
		canonical(np, s, sizeof(s));
	e164 = s[0] == '+' ? s + 1 : NULL;
	if (e164 && lc && !strncmp(e164, np->country, lc))
		nsn = e164 + lc;
	/* a subscriber number needs our area code; otherwise it stays national */
	if (ton == ROUTE_TON_SUBSCRIBER && e164 && !(nsn && la && !strncmp(nsn, np->area, la)))
		ton = ROUTE_TON_NATIONAL;
	/* only our own country's numbers can be national */
	if (ton == ROUTE_TON_NATIONAL && e164 && !nsn)
		ton = to_isdn ? ROUTE_TON_INTERNATIONAL : ROUTE_TON_UNKNOWN;

	switch (ton) {
	case ROUTE_TON_KEEP:
		ton = e164 ? ROUTE_TON_INTERNATIONAL : ROUTE_TON_UNKNOWN;
		snprintf(out->digits, sizeof(out->digits), "%s", to_isdn && e164 ? e164 : s);
		break;
	case ROUTE_TON_INTERNATIONAL:
		snprintf(out->digits, sizeof(out->digits), "%s", to_isdn && e164 ? e164 : s);
		break;
	case ROUTE_TON_SUBSCRIBER:
		snprintf(out->digits, sizeof(out->digits), "%s", e164 ? nsn + la : s);
		break;
	case ROUTE_TON_NATIONAL:
		if (!nsn)
			snprintf(out->digits, sizeof(out->digits), "%s", s);
		else if (to_isdn)
			snprintf(out->digits, sizeof(out->digits), "%s", nsn);
		else
			cat3(out->digits, sizeof(out->digits), np->national_prefix, nsn, "");
		break;
	default: /* unknown: the digits as one would dial them */
		if (nsn)
			cat3(out->digits, sizeof(out->digits), np->national_prefix, nsn, "");
		else if (e164)
			cat3(out->digits, sizeof(out->digits), np->intl_prefix, e164, "");
		else
			snprintf(out->digits, sizeof(out->digits), "%s", s);
		break;
	}
	out->ton = ton;
	if (f->npi != ROUTE_NPI_AUTO)
		out->npi = f->npi;
	else
		out->npi = ton == ROUTE_TON_UNKNOWN ? ROUTE_NPI_UNKNOWN : ROUTE_NPI_ISDN;
	return 0;
}
