// SPDX-License-Identifier: GPL-2.0-only
/*
 * Routing configuration through config_load: every bad line is refused
 * with "FILE: [section] key: problem (allowed: ...)", good files load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config/config.h"

#define BASE                                                                                       \
	"[span 1]\ndevice = /tmp/x.sock\n[span 2]\ndevice = /tmp/y.sock\n"                         \
	"[trunk a]\naddress = 127.0.0.1\n[trunk b]\naddress = 127.0.0.2\n"

static const struct {
	const char *name;
	const char *ini;
	const char *err; /* after "FILE: "; NULL: loads */
} rows[] = {
	{"good: both directions, group, causes, numbering",
	 BASE "[numbering]\ncountry = 49\narea = 30\n[group g]\nspans = 1,2\nhunt = round-robin\n"
	      "[causes c]\nsip.503 = 34\nq850.34 = 503\n[trunk c]\naddress = 10.0.0.1\ncauses = c\n"
	      "emergency = no\n"
	      "[route.in i]\nrule.1 = match=_X. source=span:1 -> trunk:a,trunk:b\n"
	      "[route.out o]\nrule.x = match=+49 from=_0X. source=trunk:a,ip:10.0.0.0/8 "
	      "strip=1 prepend=0 subst=/^0/+49/ ton=national npi=isdn from_ton=subscriber "
	      "limit=3 emergency=yes failover=503,cause:34 prio=5 -> group:g,span:2\n",
	 NULL},
	{"no targets", BASE "[route.in i]\nrule.1 = match=1\n",
	 "[route.in i] rule.1: no targets (allowed: '-> trunk:NAME[,...]')"},
	{"unknown trunk target", BASE "[route.in i]\nrule.1 = -> trunk:zz\n",
	 "[route.in i] rule.1: target 'trunk:zz' is not a [trunk NAME] section"},
	{"span target in route.in", BASE "[route.in i]\nrule.1 = -> span:1\n",
	 "[route.in i] rule.1: target 'span:1' is not valid (allowed in route.in: trunk:NAME)"},
	{"unknown group target", BASE "[route.out o]\nrule.1 = -> group:zz\n",
	 "[route.out o] rule.1: target 'group:zz' is not a [group NAME] section"},
	{"span target not configured", BASE "[route.out o]\nrule.1 = -> span:9\n",
	 "[route.out o] rule.1: target 'span:9' is not a [span N] section"},
	{"bad pattern", BASE "[route.out o]\nrule.1 = match=_X.1 -> span:1\n",
	 "[route.out o] rule.1: match='_X.1' is not a valid pattern (allowed: digits as a prefix, "
	 "or _ with X Z N [..] . !)"},
	{"bad regex", BASE "[route.out o]\nrule.1 = subst=/(/x/ -> span:1\n",
	 "[route.out o] rule.1: subst: '(' is not a POSIX extended regex: "},
	{"regex that would blow up regcomp",
	 BASE "[route.out o]\nrule.1 = subst=/^0+++(.*)/x/ -> span:1\n",
	 "[route.out o] rule.1: subst: '^0+++(.*)' has stacked repetitions"},
	{"regex with a large bound", BASE "[route.out o]\nrule.1 = subst=/0{1,99}/x/ -> span:1\n",
	 "[route.out o] rule.1: subst: '0{1,99}' has stacked repetitions"},
	{"bad ton", BASE "[route.out o]\nrule.1 = ton=local -> span:1\n",
	 "[route.out o] rule.1: ton='local' is not valid (allowed: keep, unknown, international, "
	 "national, subscriber)"},
	{"good: limits on trunks and groups",
	 BASE "max_calls = 30\nmax_cps = 5\n[group g]\nspans = 1\nmax_calls = 10\nmax_cps = 2\n"
	      "[route.out o]\nrule.1 = -> group:g\n",
	 NULL},
	{"group max_cps not a number", BASE "[group g]\nspans = 1\nmax_cps = fast\n",
	 "[group g] max_cps: 'fast' is not valid (allowed: 0-10000, 0: no limit)"},
	{"trunk max_calls negative", BASE "max_calls = -1\n",
	 "[trunk b] max_calls: '-1' is not a number (allowed: 0-100000)"},
	{"send_name maybe", BASE "[span 3]\ndevice = /tmp/z.sock\nsend_name = maybe\n",
	 "[span 3] send_name: 'maybe' is not valid (allowed: auto, yes, no)"},
	{"unknown option", BASE "[route.out o]\nrule.1 = colour=red -> span:1\n",
	 "[route.out o] rule.1: unknown option 'colour'"},
	{"source trunk in route.in", BASE "[route.in i]\nrule.1 = source=trunk:a -> trunk:a\n",
	 "[route.in i] rule.1: source 'trunk:a' is not valid here (allowed in route.in: span:N, "
	 "group:NAME)"},
	{"bad failover", BASE "[route.in i]\nrule.1 = failover=200 -> trunk:a\n",
	 "[route.in i] rule.1: failover '200' is not valid"},
	{"key not a rule", BASE "[route.in i]\nmatch = 1\n",
	 "[route.in i] match: unknown key (allowed: rule.NAME = [OPTION=VALUE ...] -> TARGETS)"},
	{"group without spans", BASE "[group g]\nhunt = ascending\n",
	 "[group g]: no spans (allowed: spans = N[,N...])"},
	{"group with unknown span", BASE "[group g]\nspans = 7\n",
	 "[group g] spans: span 7 is not a [span N] section"},
	{"bad hunt", BASE "[group g]\nspans = 1\nhunt = random\n",
	 "[group g] hunt: 'random' is not valid (allowed: ascending, descending, round-robin)"},
	{"bad causes row", BASE "[causes c]\nsip.200 = 16\n",
	 "[causes c] sip.200: '200' is not a SIP final failure status (allowed: sip.300-sip.699)"},
	{"trunk names a missing causes table",
	 BASE "[trunk c]\naddress = 10.0.0.1\ncauses = nope\n",
	 "[trunk c] causes: 'nope' is not a [causes NAME] section"},
	{"numbering with letters", BASE "[numbering]\ncountry = 4x\n",
	 "[numbering] country: '4x' is not valid (allowed: digits only)"},
	{"section name", BASE "[route.in a/b]\nrule.1 = -> trunk:a\n",
	 "[route.in a/b]: name 'a/b' is not valid (allowed: 1-31 of a-z 0-9 _ - .)"},
};

static void test_rows(void **state)
{
	char path[] = "/tmp/prigate-route-conf.XXXXXX", err[512];
	static struct config cfg;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int fd = mkstemp(path), ret;
		FILE *f = fdopen(fd, "w");
		size_t plen = strlen(path) + 2;

		assert_non_null(f);
		fputs(rows[i].ini, f);
		fclose(f);
		err[0] = '\0';
		ret = config_load(&cfg, path, err, sizeof(err));
		unlink(path);
		strcpy(path, "/tmp/prigate-route-conf.XXXXXX");
		if (!rows[i].err) {
			if (ret)
				fail_msg("%s: %s", rows[i].name, err);
			continue;
		}
		if (!ret)
			fail_msg("%s: loaded", rows[i].name);
		if (strlen(err) < plen || strncmp(err + plen, rows[i].err, strlen(rows[i].err)))
			fail_msg("%s:\n got  %s\n want FILE: %s", rows[i].name, err, rows[i].err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests_name("route_conf", tests, NULL, NULL);
}
