// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the routing parsers. The input's first line is a rule
 * value for [route.in]/[route.out], the second a number matched and
 * rewritten by it, the rest identity header values (P-Asserted-Identity,
 * Privacy, Diversion), a From display-name and History-Info entries, split
 * at '\n'. Errors must leave a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct route_conf rc;

/* next '\n'-terminated field of [*p, end) */
static const char *field(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nl = s < end ? memchr(s, '\n', (size_t)(end - s)) : NULL;

	*len = (size_t)((nl ? nl : end) - s);
	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *f;
	char rule[600], num[64], what[256], dname[128], name[64];
	struct route_sip_hdrs h = {.from_user = "anonymous"};
	struct route_ident id;
	struct route_number out;
	size_t len;
	bool scr;
	int dir;

	if (size > 4096)
		return 0;
	f = field(&p, end, &len);
	if (len >= sizeof(rule) || memchr(f, '\0', len))
		return 0;
	memcpy(rule, f, len);
	rule[len] = '\0';
	f = field(&p, end, &len);
	if (len >= sizeof(num) || memchr(f, '\0', len))
		return 0;
	memcpy(num, f, len);
	num[len] = '\0';

	for (dir = 0; dir < 2; dir++) {
		const char *sec = dir ? "route.out f" : "route.in f";

		route_conf_defaults(&rc);
		strcpy(rc.numbering.country, "49");
		strcpy(rc.numbering.area, "30");
		memset(what, 0, sizeof(what));
		if (route_conf_section(&rc, sec, what, sizeof(what)))
			abort();
		if (route_conf_key(&rc, sec, "rule.x", rule, what, sizeof(what))) {
			if (!what[0] || !memchr(what, '\0', sizeof(what)))
				abort();
			continue;
		}
		if (rc.nrules != 1)
			abort();
		route_pattern_match(rc.rules[0].match, num);
		if (route_num_rewrite(&rc.numbering, &rc.rules[0].called, dir, num, &out) == 0 &&
		    !memchr(out.digits, '\0', sizeof(out.digits)))
			abort();
		route_num_rewrite(&rc.numbering, &rc.rules[0].calling, !dir, num, &out);
	}
	if (!route_pattern_check(num))
		route_pattern_match(num, rule);

	h.pai = field(&p, end, &h.pai_len);
	h.privacy = field(&p, end, &h.privacy_len);
	h.diversion = field(&p, end, &h.div_len);
	f = field(&p, end, &len);
	if (len < sizeof(dname) && !memchr(f, '\0', len)) {
		memcpy(dname, f, len);
		dname[len] = '\0';
		h.from_display = dname;
	}
	route_ident_from_sip(&h, &id, &scr);
	if (!memchr(id.name, '\0', sizeof(id.name)))
		abort();
	/* the rest: History-Info entries, one per line, parsed alone (no Diversion) */
	memset(&h, 0, sizeof(h));
	while (p < end && h.nhi < ROUTE_HI_MAX) {
		h.hi[h.nhi] = field(&p, end, &h.hi_len[h.nhi]);
		h.nhi++;
	}
	route_ident_from_sip(&h, &id, &scr);
	if (!memchr(id.redirecting, '\0', sizeof(id.redirecting)))
		abort();
	route_name_from_hdr(h.pai, h.pai_len, name, sizeof(name));
	route_name_from_isdn(rule, name, sizeof(name));
	if (!memchr(name, '\0', sizeof(name)))
		abort();
	if (!memchr(id.calling, '\0', sizeof(id.calling)) ||
	    !memchr(id.redirecting, '\0', sizeof(id.redirecting)))
		abort();
	return 0;
}
