// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsing of the routing sections: [route.in NAME], [route.out NAME]
 * (one "rule.NAME = ..." line per rule), [group NAME], [causes NAME] and
 * [numbering]. config.c owns the file and the error format; this file
 * says what is wrong with one key.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "route.h"

#define WHAT(...) (snprintf(what, size, __VA_ARGS__), -EINVAL)

static const int fo_status_default[] = {408, 500, 503, 504};
static const int fo_cause_default[] = {34, 38, 41, 42};

void route_conf_defaults(struct route_conf *rc)
{
	memset(rc, 0, sizeof(*rc));
	strcpy(rc->numbering.national_prefix, "0");
	strcpy(rc->numbering.intl_prefix, "00");
}

bool route_conf_is_section(const char *sec)
{
	return !strncmp(sec, "route.in ", 9) || !strncmp(sec, "route.out ", 10) ||
	       !strncmp(sec, "group ", 6) || !strncmp(sec, "causes ", 7) ||
	       !strcmp(sec, "numbering");
}

static int name_ok(const char *name, char *what, size_t size)
{
	const char *p;

	if (!*name || strlen(name) >= ROUTE_NAME)
		return WHAT("name '%s' is not valid (allowed: 1-%d of a-z 0-9 _ -)", name,
			    ROUTE_NAME - 1);
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-' || *p == '.'))
			return WHAT("name '%s' is not valid (allowed: 1-%d of a-z 0-9 _ - .)", name,
				    ROUTE_NAME - 1);
	return 0;
}

const struct route_group *route_group_find(const struct route_conf *rc, const char *name)
{
	int i;

	for (i = 0; i < rc->ngroups; i++)
		if (!strcasecmp(rc->groups[i].name, name))
			return &rc->groups[i];
	return NULL;
}

const struct route_causes *route_causes_find(const struct route_conf *rc, const char *name)
{
	int i;

	for (i = 0; i < rc->ncauses; i++)
		if (!strcasecmp(rc->causes[i].name, name))
			return &rc->causes[i];
	return NULL;
}

int route_conf_section(struct route_conf *rc, const char *sec, char *what, size_t size)
{
	const char *name = strchr(sec, ' ');
	int i;

	if (!strcmp(sec, "numbering"))
		return 0;
	name = name ? name + 1 : "";
	if (name_ok(name, what, size))
		return -EINVAL;
	if (!strncmp(sec, "route.", 6)) {
		/* tables of the same direction and name may not repeat; rules say where they are */
		for (i = 0; i < rc->nrules; i++)
			if (!strcmp(rc->rules[i].table, name) &&
			    rc->rules[i].dir == (sec[6] == 'i' ? ROUTE_IN : ROUTE_OUT))
				return WHAT("route table defined twice");
		snprintf(rc->cur_table, sizeof(rc->cur_table), "%s", name);
		return 0;
	}
	if (!strncmp(sec, "group ", 6)) {
		struct route_group *g;

		if (route_group_find(rc, name))
			return WHAT("group defined twice");
		if (rc->ngroups == ROUTE_MAX_GROUPS)
			return WHAT("too many groups (allowed: %d)", ROUTE_MAX_GROUPS);
		g = &rc->groups[rc->ngroups++];
		memset(g, 0, sizeof(*g));
		strcpy(g->name, name);
		g->emergency = true;
		return 0;
	}
	if (route_causes_find(rc, name))
		return WHAT("causes table defined twice");
	if (rc->ncauses == ROUTE_MAX_CAUSE_TABLES)
		return WHAT("too many causes tables (allowed: %d)", ROUTE_MAX_CAUSE_TABLES);
	memset(&rc->causes[rc->ncauses], 0, sizeof(rc->causes[0]));
	strcpy(rc->causes[rc->ncauses++].name, name);
	return 0;
}

static int parse_uint(const char *v, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max || *v == '-' || *v == '+')
		return -EINVAL;
	*out = (unsigned)n;
	return 0;
}

static int parse_yesno(const char *v, bool *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") ||
	    !strcasecmp(v, "on"))
		*out = true;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") ||
		 !strcasecmp(v, "off"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

static bool digits_ok(const char *s, bool plus)
{
	if (plus && *s == '+')
		s++;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '*' || *s == '#'))
			return false;
	return true;
}

/* --- [group NAME], [causes NAME], [numbering] ------------------------------ */

static int group_key(struct route_group *g, const char *key, const char *val, char *what,
		     size_t size)
{
	if (!strcmp(key, "spans")) {
		char buf[128], *tok, *save = NULL;
		unsigned no;

		if (strlen(val) >= sizeof(buf))
			return WHAT("too long");
		strcpy(buf, val);
		g->nspans = 0;
		for (tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
			if (parse_uint(tok, 1, 255, &no))
				return WHAT("'%s' is not a span number (allowed: 1-255, "
					    "comma-separated)",
					    tok);
			if (g->nspans == ROUTE_GROUP_SPANS)
				return WHAT("too many spans (allowed: %d)", ROUTE_GROUP_SPANS);
			g->spans[g->nspans++] = (int)no;
		}
		return 0;
	}
	if (!strcmp(key, "hunt")) {
		if (!strcasecmp(val, "ascending"))
			g->hunt = ROUTE_HUNT_ASCENDING;
		else if (!strcasecmp(val, "descending"))
			g->hunt = ROUTE_HUNT_DESCENDING;
		else if (!strcasecmp(val, "round-robin") || !strcasecmp(val, "roundrobin"))
			g->hunt = ROUTE_HUNT_ROUNDROBIN;
		else
			return WHAT(
				"'%s' is not valid (allowed: ascending, descending, round-robin)",
				val);
		return 0;
	}
	if (!strcmp(key, "emergency")) {
		if (parse_yesno(val, &g->emergency))
			return WHAT("'%s' is not valid (allowed: yes, no)", val);
		return 0;
	}
	if (!strcmp(key, "max_calls")) {
		if (parse_uint(val, 0, 100000, &g->limit.max_calls))
			return WHAT("'%s' is not valid (allowed: 0-100000, 0: no limit)", val);
		return 0;
	}
	if (!strcmp(key, "max_cps")) {
		if (parse_uint(val, 0, 10000, &g->limit.max_cps))
			return WHAT("'%s' is not valid (allowed: 0-10000, 0: no limit)", val);
		return 0;
	}
	return WHAT("unknown key (allowed: spans, hunt, emergency, max_calls, max_cps)");
}

static int causes_key(struct route_causes *t, const char *key, const char *val, char *what,
		      size_t size)
{
	unsigned from, to;
	struct route_cause_row *row;

	if (!strncmp(key, "sip.", 4)) {
		if (parse_uint(key + 4, 300, 699, &from))
			return WHAT(
				"'%s' is not a SIP final failure status (allowed: sip.300-sip.699)",
				key + 4);
		if (parse_uint(val, 1, 127, &to))
			return WHAT("'%s' is not a Q.850 cause (allowed: 1-127)", val);
		if (t->nsip2q == ROUTE_CAUSE_ROWS)
			return WHAT("too many rows (allowed: %d)", ROUTE_CAUSE_ROWS);
		row = &t->sip2q[t->nsip2q++];
	} else if (!strncmp(key, "q850.", 5)) {
		if (parse_uint(key + 5, 1, 127, &from))
			return WHAT("'%s' is not a Q.850 cause (allowed: q850.1-q850.127)",
				    key + 5);
		if (parse_uint(val, 300, 699, &to))
			return WHAT("'%s' is not a SIP final failure status (allowed: 300-699)",
				    val);
		if (t->nq2sip == ROUTE_CAUSE_ROWS)
			return WHAT("too many rows (allowed: %d)", ROUTE_CAUSE_ROWS);
		row = &t->q2sip[t->nq2sip++];
	} else {
		return WHAT("unknown key (allowed: sip.STATUS = CAUSE, q850.CAUSE = STATUS)");
	}
	row->from = (int)from;
	row->to = (int)to;
	return 0;
}

static int numbering_key(struct route_numbering *n, const char *key, const char *val, char *what,
			 size_t size)
{
	char *dst;
	size_t max;

	if (!strcmp(key, "country"))
		dst = n->country, max = sizeof(n->country);
	else if (!strcmp(key, "area"))
		dst = n->area, max = sizeof(n->area);
	else if (!strcmp(key, "national_prefix"))
		dst = n->national_prefix, max = sizeof(n->national_prefix);
	else if (!strcmp(key, "international_prefix"))
		dst = n->intl_prefix, max = sizeof(n->intl_prefix);
	else
		return WHAT("unknown key (allowed: country, area, national_prefix, "
			    "international_prefix)");
	if (strlen(val) >= max)
		return WHAT("'%s' is too long (allowed: up to %zu digits)", val, max - 1);
	for (const char *p = val; *p; p++)
		if (*p < '0' || *p > '9')
			return WHAT("'%s' is not valid (allowed: digits only)", val);
	strcpy(dst, val);
	return 0;
}

/* --- rule lines ------------------------------------------------------------ */

static const char *const ton_names[] = {"unknown", "international", "national", NULL, "subscriber"};

const char *route_ton_name(int ton)
{
	if (ton == ROUTE_TON_KEEP)
		return "keep";
	if (ton >= 0 && ton <= 4 && ton_names[ton])
		return ton_names[ton];
	return "?";
}

const char *route_npi_name(int npi)
{
	switch (npi) {
	case ROUTE_NPI_AUTO:
		return "auto";
	case ROUTE_NPI_UNKNOWN:
		return "unknown";
	case ROUTE_NPI_ISDN:
		return "isdn";
	case ROUTE_NPI_NATIONAL:
		return "national";
	case ROUTE_NPI_PRIVATE:
		return "private";
	}
	return "?";
}

const char *route_hunt_name(enum route_hunt h)
{
	return h == ROUTE_HUNT_ASCENDING    ? "ascending"
	       : h == ROUTE_HUNT_DESCENDING ? "descending"
					    : "round-robin";
}

static int parse_ton(const char *v, enum route_ton *out)
{
	int i;

	if (!strcasecmp(v, "keep")) {
		*out = ROUTE_TON_KEEP;
		return 0;
	}
	for (i = 0; i <= 4; i++)
		if (ton_names[i] && !strcasecmp(v, ton_names[i])) {
			*out = (enum route_ton)i;
			return 0;
		}
	return -EINVAL;
}

static int parse_npi(const char *v, enum route_npi *out)
{
	static const enum route_npi all[] = {ROUTE_NPI_AUTO, ROUTE_NPI_UNKNOWN, ROUTE_NPI_ISDN,
					     ROUTE_NPI_NATIONAL, ROUTE_NPI_PRIVATE};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcasecmp(v, route_npi_name(all[i]))) {
			*out = all[i];
			return 0;
		}
	if (!strcasecmp(v, "e164")) {
		*out = ROUTE_NPI_ISDN;
		return 0;
	}
	return -EINVAL;
}

/*
 * glibc's regcomp copies a repeated subexpression once per repetition:
 * stacked repetitions ("a++", "x{9}{9}") or large bounds need memory
 * exponential in the pattern's length. Numbers are short; refuse those.
 */
static bool regex_tame(const char *re)
{
	int bounds = 0;
	const char *p;

	for (p = re; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (strchr("*+?", *p) && p > re && strchr("*+?}", p[-1]))
			return false;
		if (*p == '{') {
			unsigned long n = strtoul(p + 1, NULL, 10);
			const char *c = strchr(p, ',');
			const char *e = strchr(p, '}');

			if (++bounds > 1 || n > 32 ||
			    (c && e && c < e && strtoul(c + 1, NULL, 10) > 32) ||
			    (e && strchr("*+?{", e[1] ? e[1] : ' ')))
				return false;
		}
	}
	return true;
}

/* subst=/REGEX/REPLACEMENT/ with any delimiter the first character chooses */
static int parse_subst(struct route_numfmt *f, const char *opt, const char *v, char *what,
		       size_t size)
{
	char d = *v, re[sizeof(f->subst_re)];
	const char *a, *b;
	regex_t rx;
	size_t n;
	int err;

	if (!d || !(a = strchr(v + 1, d)) || !(b = strchr(a + 1, d)) || b[1])
		return WHAT("%s='%s' is not valid (allowed: /REGEX/REPLACEMENT/)", opt, v);
	n = (size_t)(a - v - 1);
	if (!n || n >= sizeof(f->subst_re) || (size_t)(b - a - 1) >= sizeof(f->subst_to))
		return WHAT("%s='%s' is too long or empty", opt, v);
	memcpy(re, v + 1, n);
	re[n] = '\0';
	if (!regex_tame(re))
		return WHAT("%s: '%s' has stacked repetitions or more than one bound or a bound "
			    "above 32 (allowed: simple regexes on numbers)",
			    opt, re);
	err = regcomp(&rx, re, REG_EXTENDED);
	if (err) {
		char msg[96];

		regerror(err, &rx, msg, sizeof(msg));
		return WHAT("%s: '%s' is not a POSIX extended regex: %s", opt, re, msg);
	}
	regfree(&rx);
	strcpy(f->subst_re, re);
	memcpy(f->subst_to, a + 1, (size_t)(b - a - 1));
	f->subst_to[b - a - 1] = '\0';
	return 0;
}

static int parse_ip_src(struct route_src *s, const char *v, char *what, size_t size)
{
	char buf[64], *slash;
	unsigned bits = 0;
	struct sockaddr_in *sin = (struct sockaddr_in *)&s->addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&s->addr;

	if (strlen(v) >= sizeof(buf))
		return WHAT("source 'ip:%s' is too long", v);
	strcpy(buf, v);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	memset(&s->addr, 0, sizeof(s->addr));
	if (inet_pton(AF_INET, buf, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		bits = 32;
	} else if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		bits = 128;
	} else {
		return WHAT(
			"source 'ip:%s' is not an IP address (allowed: ip:ADDR or ip:ADDR/BITS)",
			v);
	}
	if (slash && parse_uint(slash, 0, bits, &bits))
		return WHAT("source 'ip:%s': prefix length out of range", v);
	s->prefix = (int)bits;
	return 0;
}

static int parse_sources(struct route_rule *r, const char *v, char *what, size_t size)
{
	char buf[256], *tok, *save = NULL;
	unsigned no;

	if (strlen(v) >= sizeof(buf))
		return WHAT("source list too long");
	strcpy(buf, v);
	r->nsrc = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct route_src *s;

		if (r->nsrc == ROUTE_MAX_SRC)
			return WHAT("too many sources (allowed: %d)", ROUTE_MAX_SRC);
		s = &r->src[r->nsrc];
		memset(s, 0, sizeof(*s));
		if (!strncmp(tok, "span:", 5)) {
			if (r->dir != ROUTE_IN)
				goto wrong_dir;
			if (parse_uint(tok + 5, 1, 255, &no))
				return WHAT("source '%s' is not valid (allowed: span:1-255)", tok);
			s->type = ROUTE_SRC_SPAN;
			s->span = (int)no;
		} else if (!strncmp(tok, "group:", 6)) {
			if (r->dir != ROUTE_IN)
				goto wrong_dir;
			s->type = ROUTE_SRC_GROUP;
			snprintf(s->name, sizeof(s->name), "%s", tok + 6);
		} else if (!strncmp(tok, "trunk:", 6)) {
			if (r->dir != ROUTE_OUT)
				goto wrong_dir;
			s->type = ROUTE_SRC_TRUNK;
			snprintf(s->name, sizeof(s->name), "%s", tok + 6);
		} else if (!strncmp(tok, "ip:", 3)) {
			if (r->dir != ROUTE_OUT)
				goto wrong_dir;
			s->type = ROUTE_SRC_IP;
			if (parse_ip_src(s, tok + 3, what, size))
				return -EINVAL;
		} else {
			goto wrong_dir;
		}
		r->nsrc++;
	}
	return 0;

wrong_dir:
	return WHAT("source '%s' is not valid here (allowed in %s: %s)", tok,
		    r->dir == ROUTE_IN ? "route.in" : "route.out",
		    r->dir == ROUTE_IN ? "span:N, group:NAME" : "trunk:NAME, ip:ADDR[/BITS]");
}

static int parse_targets(struct route_rule *r, const char *v, char *what, size_t size)
{
	char buf[256], *tok, *save = NULL;
	unsigned no;

	if (strlen(v) >= sizeof(buf))
		return WHAT("target list too long");
	strcpy(buf, v);
	r->ntgt = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct route_tgt *t;

		if (r->ntgt == ROUTE_MAX_TARGETS)
			return WHAT("too many targets (allowed: %d)", ROUTE_MAX_TARGETS);
		t = &r->tgt[r->ntgt];
		memset(t, 0, sizeof(*t));
		if (r->dir == ROUTE_IN && !strncmp(tok, "trunk:", 6) && tok[6]) {
			t->type = ROUTE_TGT_TRUNK;
			snprintf(t->name, sizeof(t->name), "%s", tok + 6);
		} else if (r->dir == ROUTE_OUT && !strncmp(tok, "group:", 6) && tok[6]) {
			t->type = ROUTE_TGT_GROUP;
			snprintf(t->name, sizeof(t->name), "%s", tok + 6);
		} else if (r->dir == ROUTE_OUT && !strncmp(tok, "span:", 5) &&
			   !parse_uint(tok + 5, 1, 255, &no)) {
			t->type = ROUTE_TGT_SPAN;
			t->span = (int)no;
		} else {
			return WHAT("target '%s' is not valid (allowed in %s: %s)", tok,
				    r->dir == ROUTE_IN ? "route.in" : "route.out",
				    r->dir == ROUTE_IN ? "trunk:NAME" : "span:N, group:NAME");
		}
		r->ntgt++;
	}
	return 0;
}

static int parse_failover(struct route_rule *r, const char *v, char *what, size_t size)
{
	char buf[160], *tok, *save = NULL;
	unsigned n;

	r->nfo_status = r->nfo_cause = 0;
	if (!strcasecmp(v, "none"))
		return 0;
	if (strlen(v) >= sizeof(buf))
		return WHAT("failover list too long");
	strcpy(buf, v);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "cause:", 6)) {
			if (parse_uint(tok + 6, 1, 127, &n) || r->nfo_cause == ROUTE_MAX_FAILOVER)
				goto bad;
			r->fo_cause[r->nfo_cause++] = (int)n;
		} else {
			if (parse_uint(tok, 300, 699, &n) || r->nfo_status == ROUTE_MAX_FAILOVER)
				goto bad;
			r->fo_status[r->nfo_status++] = (int)n;
		}
	}
	return 0;
bad:
	return WHAT("failover '%s' is not valid (allowed: none, or up to %d SIP statuses "
		    "300-699 and cause:1-127, comma-separated)",
		    tok, ROUTE_MAX_FAILOVER);
}

static int parse_opt(struct route_rule *r, const char *opt, const char *v, char *what, size_t size)
{
	struct route_numfmt *f = &r->called;
	const char *o = opt;
	unsigned n;

	if (!strncmp(opt, "from_", 5) && strcmp(opt, "from_")) {
		f = &r->calling;
		o = opt + 5;
	}
	if (!strcmp(opt, "match") || !strcmp(opt, "from")) {
		char *dst = opt[0] == 'm' ? r->match : r->from;

		if (strlen(v) >= ROUTE_NUM || route_pattern_check(v))
			return WHAT(
				"%s='%s' is not a valid pattern (allowed: digits as a prefix, or "
				"_ with X Z N [..] . !)",
				opt, v);
		strcpy(dst, v);
	} else if (!strcmp(opt, "prio")) {
		if (parse_uint(v, 0, 1000000, &r->prio))
			return WHAT("prio='%s' is not valid (allowed: 0-1000000)", v);
	} else if (!strcmp(opt, "source")) {
		return parse_sources(r, v, what, size);
	} else if (!strcmp(opt, "limit")) {
		if (parse_uint(v, 0, 100000, &r->limit))
			return WHAT("limit='%s' is not valid (allowed: 0-100000, 0: none)", v);
	} else if (!strcmp(opt, "emergency")) {
		if (parse_yesno(v, &r->emergency))
			return WHAT("emergency='%s' is not valid (allowed: yes, no)", v);
	} else if (!strcmp(opt, "failover")) {
		return parse_failover(r, v, what, size);
	} else if (!strcmp(o, "strip")) {
		if (parse_uint(v, 0, ROUTE_NUM, &n))
			return WHAT("%s='%s' is not valid (allowed: 0-%d)", opt, v, ROUTE_NUM);
		f->strip = n;
	} else if (!strcmp(o, "prepend")) {
		if (strlen(v) >= sizeof(f->prepend) || !digits_ok(v, true))
			return WHAT("%s='%s' is not valid (allowed: digits, * #, a leading +)", opt,
				    v);
		strcpy(f->prepend, v);
	} else if (!strcmp(o, "subst")) {
		return parse_subst(f, opt, v, what, size);
	} else if (!strcmp(o, "ton")) {
		if (parse_ton(v, &f->ton))
			return WHAT("%s='%s' is not valid (allowed: keep, unknown, international, "
				    "national, subscriber)",
				    opt, v);
	} else if (!strcmp(o, "npi")) {
		if (parse_npi(v, &f->npi))
			return WHAT("%s='%s' is not valid (allowed: auto, unknown, isdn, national, "
				    "private)",
				    opt, v);
	} else {
		return WHAT("unknown option '%s' (allowed: match, from, source, prio, strip, "
			    "prepend, subst, ton, npi, from_strip, from_prepend, from_subst, "
			    "from_ton, from_npi, limit, emergency, failover)",
			    opt);
	}
	return 0;
}

static int rule_parse(struct route_conf *rc, enum route_dir dir, const char *name, const char *val,
		      char *what, size_t size)
{
	struct route_rule *r;
	char buf[512], *tok, *save = NULL;
	bool arrow = false;
	int i;

	if (rc->nrules == ROUTE_MAX_RULES * 2 ||
	    (dir == ROUTE_IN ? rc->nin : rc->nout) == ROUTE_MAX_RULES)
		return WHAT("too many rules (allowed: %d per direction)", ROUTE_MAX_RULES);
	if (name_ok(name, what, size))
		return -EINVAL;
	for (i = 0; i < rc->nrules; i++)
		if (rc->rules[i].dir == dir && !strcmp(rc->rules[i].table, rc->cur_table) &&
		    !strcmp(rc->rules[i].name, name))
			return WHAT("rule defined twice");
	if (strlen(val) >= sizeof(buf))
		return WHAT("too long (allowed: up to %zu characters)", sizeof(buf) - 1);
	strcpy(buf, val);
	r = &rc->rules[rc->nrules];
	memset(r, 0, sizeof(*r));
	snprintf(r->table, sizeof(r->table), "%s", rc->cur_table);
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->dir = dir;
	r->prio = 100;
	r->order = rc->order++;
	r->called.ton = r->calling.ton = ROUTE_TON_KEEP;
	r->called.npi = r->calling.npi = ROUTE_NPI_AUTO;
	memcpy(r->fo_status, fo_status_default, sizeof(fo_status_default));
	r->nfo_status = 4;
	memcpy(r->fo_cause, fo_cause_default, sizeof(fo_cause_default));
	r->nfo_cause = 4;
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *eq;

		if (!strcmp(tok, "->")) {
			tok = strtok_r(NULL, " \t", &save);
			if (!tok || arrow)
				return WHAT("'->' must be followed by the targets, once");
			if (parse_targets(r, tok, what, size))
				return -EINVAL;
			arrow = true;
			continue;
		}
		eq = strchr(tok, '=');
		if (!eq)
			return WHAT("'%s' is not OPTION=VALUE or '-> TARGETS'", tok);
		*eq = '\0';
		if (parse_opt(r, tok, eq + 1, what, size))
			return -EINVAL;
	}
	if (!arrow)
		return WHAT("no targets (allowed: '-> %s[,...]')",
			    dir == ROUTE_IN ? "trunk:NAME" : "group:NAME|span:N");
	rc->nrules++;
	if (dir == ROUTE_IN)
		rc->nin++;
	else
		rc->nout++;
	return 0;
}

int route_conf_key(struct route_conf *rc, const char *sec, const char *key, const char *val,
		   char *what, size_t size)
{
	const char *name = strchr(sec, ' ');

	name = name ? name + 1 : "";
	if (!strcmp(sec, "numbering"))
		return numbering_key(&rc->numbering, key, val, what, size);
	if (!strncmp(sec, "group ", 6))
		return group_key((struct route_group *)route_group_find(rc, name), key, val, what,
				 size);
	if (!strncmp(sec, "causes ", 7))
		return causes_key((struct route_causes *)route_causes_find(rc, name), key, val,
				  what, size);
	if (strncmp(key, "rule.", 5))
		return WHAT("unknown key (allowed: rule.NAME = [OPTION=VALUE ...] -> TARGETS)");
	return rule_parse(rc, sec[6] == 'i' ? ROUTE_IN : ROUTE_OUT, key + 5, val, what, size);
}

int route_conf_section_end(struct route_conf *rc, const char *sec, char *what, size_t size)
{
	const char *name = strchr(sec, ' ');

	name = name ? name + 1 : "";
	if (!strncmp(sec, "group ", 6) && !route_group_find(rc, name)->nspans)
		return WHAT("no spans (allowed: spans = N[,N...])");
	return 0;
}

int route_conf_check(struct route_conf *rc, const struct route_names *names, char *sec,
		     size_t secsize, char *key, size_t keysize, char *what, size_t size)
{
	int i, j;

	for (i = 0; i < rc->ngroups; i++) {
		const struct route_group *g = &rc->groups[i];

		for (j = 0; j < g->nspans; j++) {
			if (!names->span(g->spans[j], names->arg)) {
				snprintf(sec, secsize, "group %s", g->name);
				snprintf(key, keysize, "spans");
				return WHAT("span %d is not a [span N] section", g->spans[j]);
			}
		}
	}
	for (i = 0; i < rc->nrules; i++) {
		const struct route_rule *r = &rc->rules[i];

		snprintf(sec, secsize, "route.%s %s", r->dir == ROUTE_IN ? "in" : "out", r->table);
		snprintf(key, keysize, "rule.%s", r->name);
		for (j = 0; j < r->ntgt; j++) {
			const struct route_tgt *t = &r->tgt[j];

			if (t->type == ROUTE_TGT_TRUNK && !names->trunk(t->name, names->arg))
				return WHAT("target 'trunk:%s' is not a [trunk NAME] section",
					    t->name);
			if (t->type == ROUTE_TGT_GROUP && !route_group_find(rc, t->name))
				return WHAT("target 'group:%s' is not a [group NAME] section",
					    t->name);
			if (t->type == ROUTE_TGT_SPAN && !names->span(t->span, names->arg))
				return WHAT("target 'span:%d' is not a [span N] section", t->span);
		}
		for (j = 0; j < r->nsrc; j++) {
			const struct route_src *s = &r->src[j];

			if (s->type == ROUTE_SRC_TRUNK && !names->trunk(s->name, names->arg))
				return WHAT("source 'trunk:%s' is not a [trunk NAME] section",
					    s->name);
			if (s->type == ROUTE_SRC_GROUP && !route_group_find(rc, s->name))
				return WHAT("source 'group:%s' is not a [group NAME] section",
					    s->name);
			if (s->type == ROUTE_SRC_SPAN && !names->span(s->span, names->arg))
				return WHAT("source 'span:%d' is not a [span N] section", s->span);
		}
	}
	return 0;
}
