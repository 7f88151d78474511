// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule matching: number patterns (prefixes and '_' patterns in the
 * style PBX dial plans use), source conditions, and the choice of one
 * rule by priority and specificity.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "route.h"

static bool is_dialchar(char c)
{
	return (c >= '0' && c <= '9') || c == '*' || c == '#' || c == '+';
}

/* end of a [...] set starting at p ('['), or NULL */
static const char *set_end(const char *p)
{
	for (p++; *p && *p != ']'; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == ','))
			return NULL;
	return *p == ']' ? p : NULL;
}

static bool set_has(const char *p, const char *end, char c)
{
	for (p++; p < end; p++) {
		if (*p == ',')
			continue;
		if (p + 2 < end && p[1] == '-') {
			if (c >= p[0] && c <= p[2])
				return true;
			p += 2;
		} else if (*p == c) {
			return true;
		}
	}
	return false;
}

int route_pattern_check(const char *pat)
{
	const char *p = pat;

	if (!*p || !strcmp(p, "*"))
		return 0;
	if (*p != '_') {
		if (*p == '+')
			p++;
		for (; *p; p++)
			if (!is_dialchar(*p) || *p == '+')
				return -EINVAL;
		return 0;
	}
	if (!p[1])
		return -EINVAL;
	for (p++; *p; p++) {
		if (*p == '[') {
			const char *e = set_end(p);

			if (!e || e == p + 1)
				return -EINVAL;
			p = e;
		} else if ((*p == '.' || *p == '!') && p[1]) {
			return -EINVAL; /* only at the end */
		} else if (!is_dialchar(*p) && !strchr("XxZzNn.!", *p)) {
			return -EINVAL;
		}
	}
	return 0;
}

/* the rest of pattern p against number s; count of fixed elements in *score */
static bool match_here(const char *p, const char *s, int *score)
{
	for (; *p; p++, s++) {
		char c = *s;

		switch (*p) {
		case '.':
			return *s != '\0';
		case '!':
			return true;
		case 'X':
		case 'x':
			if (c < '0' || c > '9')
				return false;
			*score += 1;
			break;
		case 'Z':
		case 'z':
			if (c < '1' || c > '9')
				return false;
			*score += 1;
			break;
		case 'N':
		case 'n':
			if (c < '2' || c > '9')
				return false;
			*score += 1;
			break;
		case '[': {
			const char *e = set_end(p);

			if (!e || !c || !set_has(p, e, c))
				return false;
			*score += 1;
			p = e;
			break;
		}
		default:
			if (*p != c)
				return false;
			*score += 2;
			break;
		}
	}
	return *s == '\0';
}

int route_pattern_match(const char *pat, const char *num)
{
	int score = 0;
	size_t n;

	if (!pat[0] || !strcmp(pat, "*"))
		return 1;
	if (pat[0] != '_') {
		n = strlen(pat);
		return strncmp(pat, num, n) ? 0 : 1 + 2 * (int)n;
	}
	return match_here(pat + 1, num, &score) ? 1 + score : 0;
}

static bool addr_in(const struct sockaddr_storage *a, const struct route_src *s)
{
	const uint8_t *x, *y;
	int bits = s->prefix, i;

	if (a->ss_family != s->addr.ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		x = (const uint8_t *)&((const struct sockaddr_in *)a)->sin_addr;
		y = (const uint8_t *)&((const struct sockaddr_in *)&s->addr)->sin_addr;
	} else {
		x = (const uint8_t *)&((const struct sockaddr_in6 *)a)->sin6_addr;
		y = (const uint8_t *)&((const struct sockaddr_in6 *)&s->addr)->sin6_addr;
	}
	for (i = 0; bits > 0; i++, bits -= 8) {
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		if ((x[i] & mask) != (y[i] & mask))
			return false;
	}
	return true;
}

static bool span_in_group(const struct route_conf *rc, const char *name, int span)
{
	const struct route_group *g = route_group_find(rc, name);
	int i;

	for (i = 0; g && i < g->nspans; i++)
		if (g->spans[i] == span)
			return true;
	return false;
}

/* any of the rule's sources holds (none given: any source) */
static bool source_ok(const struct route_conf *rc, const struct route_rule *r,
		      const struct route_query *q)
{
	int i;

	if (!r->nsrc)
		return true;
	for (i = 0; i < r->nsrc; i++) {
		const struct route_src *s = &r->src[i];

		switch (s->type) {
		case ROUTE_SRC_SPAN:
			if (q->span == s->span)
				return true;
			break;
		case ROUTE_SRC_GROUP:
			if (span_in_group(rc, s->name, q->span))
				return true;
			break;
		case ROUTE_SRC_TRUNK:
			if (q->trunk && !strcasecmp(q->trunk, s->name))
				return true;
			break;
		case ROUTE_SRC_IP:
			if (q->src && addr_in(q->src, s))
				return true;
			break;
		}
	}
	return false;
}

const struct route_rule *route_match(const struct route_conf *rc, const struct route_query *q)
{
	const struct route_rule *best = NULL;
	int best_called = 0, best_calling = 0, i;

	for (i = 0; i < rc->nrules; i++) {
		const struct route_rule *r = &rc->rules[i];
		int sc, sf;

		if (r->dir != q->dir)
			continue;
		sc = route_pattern_match(r->match, q->called ? q->called : "");
		if (!sc)
			continue;
		sf = route_pattern_match(r->from, q->calling ? q->calling : "");
		if (!sf || !source_ok(rc, r, q))
			continue;
		if (best) {
			if (r->prio != best->prio) {
				if (r->prio > best->prio)
					continue;
			} else if (sc != best_called) {
				if (sc < best_called)
					continue;
			} else if (sf != best_calling) {
				if (sf < best_calling)
					continue;
			} else if (r->order > best->order) {
				continue;
			}
		}
		best = r;
		best_called = sc;
		best_calling = sf;
	}
	return best;
}

bool route_failover_cause(const struct route_rule *r, int cause)
{
	int i;

	for (i = 0; i < r->nfo_cause; i++)
		if (r->fo_cause[i] == cause)
			return true;
	return false;
}

bool route_failover_status(const struct route_rule *r, int status, int cause)
{
	int i;

	for (i = 0; i < r->nfo_status; i++)
		if (r->fo_status[i] == status)
			return true;
	return cause > 0 && route_failover_cause(r, cause);
}
