// SPDX-License-Identifier: GPL-2.0-only
/*
 * Routing: pattern matching, rule choice, number manipulation and TON/NPI
 * normalisation, identity (presentation <-> Privacy/P-Asserted-Identity,
 * redirecting <-> Diversion) and cause-table precedence. One row per case.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libpri.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "route/route.h"
#include "sip/sip_build.h"
#include "sip/sip_msg.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* table rows leave trailing fields to their zero default */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* --- patterns --------------------------------------------------------------- */

static const struct {
	const char *name, *pat, *num;
	int score; /* 0: no match */
} patterns[] = {
	{"empty pattern matches anything", "", "123", 1},
	{"* matches anything", "*", "", 1},
	{"prefix 030 matches 0301234", "030", "0301234", 7},
	{"prefix 030 does not match 0401234", "030", "0401234", 0},
	{"prefix +49 matches +4930", "+49", "+4930", 7},
	{"_X. needs one digit more", "_X.", "1", 0},
	{"_X. matches 12", "_X.", "12", 2},
	{"_0[2-9]X. matches 0301", "_0[2-9]X.", "0301", 5},
	{"_0[2-9]X. rejects 0101", "_0[2-9]X.", "0101", 0},
	{"_NXX exact length", "_NXX", "2000", 0},
	{"_NXX matches 200", "_NXX", "200", 4},
	{"N is 2-9", "_N", "1", 0},
	{"Z is 1-9", "_Z", "0", 0},
	{"[1,3-5] set", "_[1,3-5]", "4", 2},
	{"[1,3-5] set excludes 2", "_[1,3-5]", "2", 0},
	{"! zero or more", "_110!", "110", 7},
	{"_112 exact", "_112", "1123", 0},
	{"_+49X. international", "_+49X.", "+4930", 8},
};

static void test_pattern(void **state)
{
	size_t i;

	for (i = 0; i < N(patterns); i++) {
		int got = route_pattern_match(patterns[i].pat, patterns[i].num);

		if (route_pattern_check(patterns[i].pat))
			fail_msg("%s: pattern rejected", patterns[i].name);
		if (got != patterns[i].score)
			fail_msg("%s: got %d, want %d", patterns[i].name, got, patterns[i].score);
	}
}

static const struct {
	const char *pat;
	int ok;
} pattern_syntax[] = {
	{"0301", 0}, {"+49", 0}, {"_X.", 0}, {"_[2-9]", 0}, {"_", -1}, {"_[]", -1},
	{"_[2-9", -1}, {"_X.1", -1}, {"03a", -1}, {"_Q", -1}, {"4+9", -1},
};

static void test_pattern_check(void **state)
{
	size_t i;

	for (i = 0; i < N(pattern_syntax); i++)
		if ((route_pattern_check(pattern_syntax[i].pat) == 0) != (pattern_syntax[i].ok == 0))
			fail_msg("'%s': check wrong", pattern_syntax[i].pat);
}

/* --- configuration through the route_conf API -------------------------------- */

static struct route_conf rc;

static void load(const char *const *lines)
{
	char what[256];
	const char *sec = NULL;

	route_conf_defaults(&rc);
	for (; *lines; lines += 2) {
		if (!lines[1]) { /* a section */
			if (sec && route_conf_section_end(&rc, sec, what, sizeof(what)))
				fail_msg("[%s]: %s", sec, what);
			sec = lines[0];
			if (route_conf_section(&rc, sec, what, sizeof(what)))
				fail_msg("[%s]: %s", sec, what);
			continue;
		}
		if (route_conf_key(&rc, sec, lines[0], lines[1], what, sizeof(what)))
			fail_msg("[%s] %s: %s", sec, lines[0], what);
	}
}

static const char *const conf1[] = {
	"numbering", NULL,
	"country", "49",
	"area", "30",
	"group pstn", NULL,
	"spans", "1,2",
	"route.out main", NULL,
	"rule.any", "-> group:pstn",
	"rule.berlin", "match=+4930 ton=subscriber -> span:1",
	"rule.berlin_exact", "match=_+4930XXX -> span:2",
	"rule.pinned", "match=+49 prio=10 source=trunk:b -> span:2",
	"rule.ip", "match=+1 source=ip:10.0.0.0/8 -> span:1",
	"rule.from", "match=+4930 from=_+44X. -> span:2",
	"route.in main", NULL,
	"rule.span1", "source=span:1 -> trunk:a",
	"rule.grp", "source=group:pstn -> trunk:b",
	NULL, NULL,
};

static const struct {
	const char *name;
	enum route_dir dir;
	const char *called, *calling, *trunk, *ip;
	int span;
	const char *rule; /* NULL: none */
} matches[] = {
	{"any number falls to the catch-all", ROUTE_OUT, "+33123", "", NULL, NULL, 0, "any"},
	{"longest prefix: +4930 beats catch-all", ROUTE_OUT, "+49301", "", NULL, NULL, 0, "berlin"},
	{"pattern with fixed length beats prefix", ROUTE_OUT, "+4930123", "", NULL, NULL, 0,
	 "berlin_exact"},
	{"prio beats specificity, when its source holds", ROUTE_OUT, "+4930123", "", "b", NULL, 0,
	 "pinned"},
	{"source trunk must hold", ROUTE_OUT, "+4940", "", "a", NULL, 0, "any"},
	{"calling pattern breaks the tie", ROUTE_OUT, "+49301", "+44207", NULL, NULL, 0, "from"},
	{"source ip in 10/8", ROUTE_OUT, "+1555", "", NULL, "10.1.2.3", 0, "ip"},
	{"source ip outside 10/8", ROUTE_OUT, "+1555", "", NULL, "192.168.0.1", 0, "any"},
	{"inbound by span", ROUTE_IN, "100", "", NULL, NULL, 1, "span1"},
	{"inbound by group", ROUTE_IN, "100", "", NULL, NULL, 2, "grp"},
	{"inbound from a span in no rule", ROUTE_IN, "100", "", NULL, NULL, 3, NULL},
};

static void test_match(void **state)
{
	size_t i;

	load(conf1);
	for (i = 0; i < N(matches); i++) {
		struct sockaddr_storage ss = {0};
		struct route_query q = {
			.dir = matches[i].dir,
			.called = matches[i].called,
			.calling = matches[i].calling,
			.trunk = matches[i].trunk,
			.span = matches[i].span,
		};
		const struct route_rule *r;

		if (matches[i].ip) {
			ss.ss_family = AF_INET;
			inet_pton(AF_INET, matches[i].ip, &((struct sockaddr_in *)&ss)->sin_addr);
			q.src = &ss;
		}
		r = route_match(&rc, &q);
		if (!matches[i].rule != !r || (r && strcmp(r->name, matches[i].rule)))
			fail_msg("%s: got %s, want %s", matches[i].name, r ? r->name : "none",
				 matches[i].rule ? matches[i].rule : "none");
	}
}

/* --- numbers -------------------------------------------------------------------- */

static const struct {
	const char *name;
	int ton; /* ISDN type of number in */
	const char *in, *out;
} from_isdn[] = {
	{"Q.931 international", ROUTE_TON_INTERNATIONAL, "4930123", "+4930123"},
	{"Q.931 national with country", ROUTE_TON_NATIONAL, "30123", "+4930123"},
	{"Q.931 subscriber with country and area", ROUTE_TON_SUBSCRIBER, "123", "+4930123"},
	{"Q.931 unknown kept", ROUTE_TON_UNKNOWN, "030123", "030123"},
	{"Q.931 empty", ROUTE_TON_INTERNATIONAL, "", ""},
};

static void test_num_from_isdn(void **state)
{
	struct route_numbering np = {"49", "30", "0", "00"};
	char out[ROUTE_NUM];
	size_t i;

	for (i = 0; i < N(from_isdn); i++) {
		route_num_from_isdn(&np, from_isdn[i].in, from_isdn[i].ton, out, sizeof(out));
		if (strcmp(out, from_isdn[i].out))
			fail_msg("%s: got '%s', want '%s'", from_isdn[i].name, out, from_isdn[i].out);
	}
}

static const struct {
	const char *name;
	bool to_isdn;
	struct route_numfmt f;
	const char *in, *out;
	int ton, npi;
} rewrites[] = {
	{"keep, ISDN, +E.164 -> international", true, {.ton = -1, .npi = -1}, "+4930123",
	 "4930123", 1, 1},
	{"keep, ISDN, digits -> unknown/unknown (as before routing)", true,
	 {.ton = -1, .npi = -1}, "100", "100", 0, 0},
	{"national, ISDN", true, {.ton = 2, .npi = -1}, "+4930123", "30123", 2, 1},
	{"national, ISDN, foreign stays international", true, {.ton = 2, .npi = -1}, "+33123",
	 "33123", 1, 1},
	{"subscriber, ISDN", true, {.ton = 4, .npi = -1}, "+4930123", "123", 4, 1},
	{"subscriber outside our area -> national", true, {.ton = 4, .npi = -1}, "+4940123",
	 "40123", 2, 1},
	{"unknown, ISDN: dialable national", true, {.ton = 0, .npi = -1}, "+4930123", "030123", 0,
	 0},
	{"unknown, ISDN: dialable international", true, {.ton = 0, .npi = -1}, "+33123",
	 "0033123", 0, 0},
	{"international from national prefix", true, {.ton = 1, .npi = -1}, "030123", "4930123",
	 1, 1},
	{"international from international prefix", true, {.ton = 1, .npi = -1}, "0033123",
	 "33123", 1, 1},
	{"subscriber, already short: kept as the operator says", true, {.ton = 4, .npi = -1},
	 "567", "567", 4, 1},
	{"npi private forced", true, {.ton = 4, .npi = 9}, "+4930123", "123", 4, 9},
	{"SIP international", false, {.ton = 1, .npi = -1}, "030123", "+4930123", 1, 1},
	{"SIP national", false, {.ton = 2, .npi = -1}, "+4930123", "030123", 2, 1},
	{"SIP keep", false, {.ton = -1, .npi = -1}, "030123", "030123", 0, 0},
	{"strip 1, prepend +49", true, {.strip = 1, .prepend = "+49", .ton = -1, .npi = -1},
	 "030123", "4930123", 1, 1},
	{"regex with group", false,
	 {.subst_re = "^9(0[0-9]+)$", .subst_to = "\\1", .ton = -1, .npi = -1}, "90301", "0301",
	 0, 0},
	{"regex not matching leaves it", false,
	 {.subst_re = "^9(0[0-9]+)$", .subst_to = "\\1", .ton = -1, .npi = -1}, "80301", "80301",
	 0, 0},
	{"strip more than there is", false, {.strip = 9, .ton = -1, .npi = -1}, "123", "", 0, 0},
};

static void test_num_rewrite(void **state)
{
	struct route_numbering np = {"49", "30", "0", "00"};
	size_t i;

	for (i = 0; i < N(rewrites); i++) {
		struct route_number out;

		assert_int_equal(route_num_rewrite(&np, &rewrites[i].f, rewrites[i].to_isdn,
						   rewrites[i].in, &out), 0);
		if (strcmp(out.digits, rewrites[i].out) || out.ton != rewrites[i].ton ||
		    out.npi != rewrites[i].npi)
			fail_msg("%s: got '%s' ton %d npi %d, want '%s' ton %d npi %d",
				 rewrites[i].name, out.digits, out.ton, out.npi, rewrites[i].out,
				 rewrites[i].ton, rewrites[i].npi);
	}
}

/* --- identity ------------------------------------------------------------------- */

static const struct {
	const char *name;
	struct route_ident id;
	const char *hdrs;
	bool anon;
	unsigned redir; /* 0: Diversion */
} to_sip[] = {
	{"RFC 3325: allowed -> P-Asserted-Identity, From kept",
	 {"+4930123", ROUTE_PRES_ALLOWED, "", 0},
	 "P-Asserted-Identity: <sip:+4930123@gw;user=phone>\r\n", false},
	{"RFC 3323/3325: restricted -> anonymous From, PAI, Privacy: id",
	 {"+4930123", ROUTE_PRES_RESTRICTED, "", 0},
	 "P-Asserted-Identity: <sip:+4930123@gw;user=phone>\r\nPrivacy: id\r\n", true},
	{"unavailable -> anonymous From, no PAI", {"", ROUTE_PRES_UNAVAILABLE, "", 0}, "", true},
	{"RFC 5806: redirecting on busy -> Diversion user-busy",
	 {"100", ROUTE_PRES_ALLOWED, "200", PRI_REDIR_FORWARD_ON_BUSY},
	 "P-Asserted-Identity: <sip:100@gw>\r\nDiversion: <sip:200@gw>;reason=user-busy;"
	 "counter=1\r\n", false},
	{"RFC 5806: unconditional", {"", ROUTE_PRES_UNAVAILABLE, "+4930999", PRI_REDIR_UNCONDITIONAL},
	 "Diversion: <sip:+4930999@gw;user=phone>;reason=unconditional;counter=1\r\n", true},
	{"RFC 7044/4458: History-Info, busy -> cause=486, mp",
	 {"100", ROUTE_PRES_ALLOWED, "200", PRI_REDIR_FORWARD_ON_BUSY},
	 "P-Asserted-Identity: <sip:100@gw>\r\nHistory-Info: <sip:200@gw>;index=1,"
	 "<sip:+4930555@gw;user=phone;cause=486>;index=1.1;mp=1\r\n",
	 false, ROUTE_REDIR_HISTORY},
	{"both: Diversion and History-Info, no reply -> cause=408",
	 {"", ROUTE_PRES_UNAVAILABLE, "+4930999", PRI_REDIR_FORWARD_ON_NO_REPLY},
	 "Diversion: <sip:+4930999@gw;user=phone>;reason=no-answer;counter=1\r\n"
	 "History-Info: <sip:+4930999@gw;user=phone>;index=1,"
	 "<sip:+4930555@gw;user=phone;cause=408>;index=1.1;mp=1\r\n",
	 true, ROUTE_REDIR_DIVERSION | ROUTE_REDIR_HISTORY},
	{"History-Info only when redirected", {"100", ROUTE_PRES_ALLOWED, "", 0},
	 "P-Asserted-Identity: <sip:100@gw>\r\n", false, ROUTE_REDIR_HISTORY},
};

static void test_ident_untrusted(void **state)
{
	struct route_ident id = {"+4930123", ROUTE_PRES_RESTRICTED, "", 0};
	char buf[256];
	bool anon;

	/* RFC 3325 5: no P-Asserted-Identity outside the trust domain */
	assert_int_equal(route_ident_sip_headers(&id, "gw", false, ROUTE_REDIR_DIVERSION, "", buf, sizeof(buf), &anon), 0);
	assert_string_equal(buf, "Privacy: id\r\n");
	assert_true(anon);
	id.pres = ROUTE_PRES_ALLOWED;
	assert_int_equal(route_ident_sip_headers(&id, "gw", false, ROUTE_REDIR_DIVERSION, "", buf, sizeof(buf), &anon), 0);
	assert_string_equal(buf, "");
	assert_false(anon);
}

static void test_ident_to_sip(void **state)
{
	char buf[512];
	size_t i;

	for (i = 0; i < N(to_sip); i++) {
		bool anon;

		assert_int_equal(route_ident_sip_headers(&to_sip[i].id, "gw", true,
							 to_sip[i].redir ? to_sip[i].redir
									 : ROUTE_REDIR_DIVERSION,
							 "+4930555", buf, sizeof(buf), &anon),
				 0);
		if (strcmp(buf, to_sip[i].hdrs) || anon != to_sip[i].anon)
			fail_msg("%s: got '%s' anon %d", to_sip[i].name, buf, anon);
	}
}

static void test_ident_name_to_sip(void **state)
{
	struct route_ident id = {"+4930123", ROUTE_PRES_ALLOWED, "", 0, "Bob \"The\" O\\Neil"};
	char buf[512];
	bool anon;

	/* RFC 3325 9.1: a display-name in P-Asserted-Identity, quoted (RFC 3261 25.1) */
	assert_int_equal(route_ident_sip_headers(&id, "gw", true, ROUTE_REDIR_DIVERSION, "", buf, sizeof(buf), &anon), 0);
	assert_string_equal(buf, "P-Asserted-Identity: \"Bob \\\"The\\\" O\\\\Neil\" "
				 "<sip:+4930123@gw;user=phone>\r\n");
	assert_false(anon);
}

/* --- calling names ------------------------------------------------------------------ */

static const struct {
	const char *name, *in, *isdn;
} names_to_isdn[] = {
	{"ASCII kept", "Alice Smith", "Alice Smith"},
	{"UTF-8: one '?' per character beyond ASCII", "J\xc3\xbcrgen M\xc3\xbcller",
	 "J?rgen M?ller"},
	{"4-byte UTF-8 sequence is one character", "a\xf0\x9f\x93\x9e", "a?"},
	{"control characters dropped", "A\tB\x01" "C\x7f", "ABC"},
	{"spaces at the ends trimmed", "  Bob  ", "Bob"},
	{"empty", "", ""},
};

static const struct {
	const char *name, *hdr, *out;
} names_from_hdr[] = {
	{"RFC 3261 quoted display-name", "\"Test Caller\" <sip:1@x>", "Test Caller"},
	{"quoted-pair unescaped", "\"A \\\"B\\\" C\" <sip:1@x>", "A \"B\" C"},
	{"token list", "Carol Jones <sip:1@x>", "Carol Jones"},
	{"addr-spec only", "<sip:1@x>", ""},
	{"no angle brackets", "sip:1@x", ""},
	{"unterminated quote", "\"Eve <sip:1@x>", ""},
	{"UTF-8 name to IA5", "\"M\xc3\xbcller\" <sip:1@x>", "M?ller"},
};

static void test_names(void **state)
{
	char out[64], q[160];
	size_t i;

	for (i = 0; i < N(names_to_isdn); i++) {
		route_name_to_isdn(names_to_isdn[i].in, out, sizeof(out));
		if (strcmp(out, names_to_isdn[i].isdn))
			fail_msg("%s: got '%s'", names_to_isdn[i].name, out);
	}
	for (i = 0; i < N(names_from_hdr); i++) {
		route_name_from_hdr(names_from_hdr[i].hdr, strlen(names_from_hdr[i].hdr), out,
				    sizeof(out));
		if (strcmp(out, names_from_hdr[i].out))
			fail_msg("%s: got '%s'", names_from_hdr[i].name, out);
	}
	/* a name too long for the buffer is cut, never overrun */
	route_name_from_isdn("0123456789", out, 5);
	assert_string_equal(out, "0123");
	/* sip_qstr_escape and sip_qstr_unescape are inverse */
	assert_int_equal(sip_qstr_escape("a\"b\\c\x01", q, sizeof(q)), 0);
	assert_string_equal(q, "\"a\\\"b\\\\c\"");
	assert_int_equal(sip_qstr_unescape(&(struct pl){q, strlen(q)}, out, sizeof(out)), 0);
	assert_string_equal(out, "a\"b\\c");
	assert_int_equal(sip_qstr_escape("abc", q, 5), -ENOSPC);
	assert_string_equal(q, "");
	assert_int_equal(sip_qstr_escape("abc", q, 6), 0);
}

#define S(x) x, sizeof(x) - 1
#define HI2(a, b) .hi = {a, b}, .hi_len = {sizeof(a) - 1, sizeof(b) - 1}, .nhi = 2
#define HI4(a, b, c, d)                                                                         \
	.hi = {a, b, c, d}, .hi_len = {sizeof(a) - 1, sizeof(b) - 1, sizeof(c) - 1, sizeof(d) - 1}, \
	.nhi = 4
static const struct {
	const char *name;
	struct route_sip_hdrs h;
	const char *calling;
	enum route_pres pres;
	bool screened;
	const char *redir;
	int reason;
	const char *cname; /* NULL: "" */
} from_sip[] = {
	{"From only: allowed, not screened", {"5550100"}, "5550100", ROUTE_PRES_ALLOWED, false, "",
	 0},
	{"RFC 3325: PAI wins over From, screened",
	 {"5550100", S("\"A\" <sip:+4930123@x>")}, "+4930123", ROUTE_PRES_ALLOWED, true, "", 0,
	 "A"},
	{"RFC 3325: PAI tel: URI, visual separators dropped",
	 {"anonymous", S("<tel:+49-30-123>")}, "+4930123", ROUTE_PRES_ALLOWED, true, "", 0},
	{"RFC 3323: Privacy: id -> restricted",
	 {"anonymous", S("<sip:+4930123@x>"), S("id")}, "+4930123", ROUTE_PRES_RESTRICTED, true,
	 "", 0},
	{"RFC 3323: Privacy: header;critical -> restricted",
	 {"5550100", NULL, 0, S("header;critical")}, "5550100", ROUTE_PRES_RESTRICTED, false, "",
	 0},
	{"Privacy: none -> allowed", {"5550100", NULL, 0, S("none")}, "5550100",
	 ROUTE_PRES_ALLOWED, false, "", 0},
	{"anonymous From, no PAI -> unavailable", {"Anonymous"}, "", ROUTE_PRES_UNAVAILABLE, false,
	 "", 0},
	{"PAI without user part ignored", {"5550100", S("<sip:host.example>")}, "5550100",
	 ROUTE_PRES_ALLOWED, false, "", 0},
	{"RFC 5806: Diversion no-answer",
	 {"1", NULL, 0, NULL, 0, S("<sip:200@x>;reason=no-answer;counter=1")}, "1",
	 ROUTE_PRES_ALLOWED, false, "200", PRI_REDIR_FORWARD_ON_NO_REPLY},
	{"RFC 5806: Diversion quoted reason",
	 {"1", NULL, 0, NULL, 0, S("<sip:200@x>;counter=2;reason=\"user-busy\"")}, "1",
	 ROUTE_PRES_ALLOWED, false, "200", PRI_REDIR_FORWARD_ON_BUSY},
	{"RFC 7044: History-Info, the cause entry's parent by index",
	 {"1", HI2("<sip:+4930111@x>;index=1", "<sip:200@x;cause=486>;index=1.1;mp=1")},
	 "1", ROUTE_PRES_ALLOWED, false, "+4930111", PRI_REDIR_FORWARD_ON_BUSY},
	{"RFC 7044: the last cause wins, parent 1.1 of 1.1.1",
	 {"1",
	  HI4("<sip:100@x>;index=1", "<sip:200@x;cause=302>;index=1.1", "<sip:300@x>;index=1.2", "<sip:400@x;cause=408>;index=1.1.1")},
	 "1", ROUTE_PRES_ALLOWED, false, "200", PRI_REDIR_FORWARD_ON_NO_REPLY},
	{"RFC 7044: no index: the entry before, escaped headers after '?'",
	 {"1",
	  HI2("<tel:+49-30-111>", "<sip:200@x;cause=302?Reason=SIP%3Bcause%3D302>")},
	 "1", ROUTE_PRES_ALLOWED, false, "+4930111", PRI_REDIR_UNCONDITIONAL},
	{"RFC 7044: no cause: not a redirection",
	 {"1", HI2("<sip:100@x>;index=1", "<sip:200@x>;index=1.1;rc=1")},
	 "1", ROUTE_PRES_ALLOWED, false, "", 0},
	{"RFC 7044: unknown cause value -> unknown reason",
	 {"1", HI2("<sip:100@x>;index=1", "<sip:200@x;cause=999>;index=1.1")},
	 "1", ROUTE_PRES_ALLOWED, false, "100", PRI_REDIR_UNKNOWN},
	{"Diversion wins over History-Info",
	 {"1", NULL, 0, NULL, 0, S("<sip:777@x>;reason=user-busy"),
	  HI2("<sip:100@x>;index=1", "<sip:200@x;cause=408>;index=1.1")},
	 "1", ROUTE_PRES_ALLOWED, false, "777", PRI_REDIR_FORWARD_ON_BUSY},
	{"History-Info with a host URI only: no number",
	 {"1", HI2("<sip:gw.example;index=1>", "<sip:200@x;cause=486>;index=1.1")},
	 "1", ROUTE_PRES_ALLOWED, false, "", 0},
	{"name: the From's display-name", {"5550100", .from_display = "Test Caller"}, "5550100",
	 ROUTE_PRES_ALLOWED, false, "", 0, "Test Caller"},
	{"name: P-Asserted-Identity's display-name wins",
	 {"5550100", S("\"Asserted\" <sip:+4930123@x>"), .from_display = "From Name"},
	 "+4930123", ROUTE_PRES_ALLOWED, true, "", 0, "Asserted"},
	{"name: the From's when PAI has none",
	 {"5550100", S("<sip:+4930123@x>"), .from_display = "From Name"}, "+4930123",
	 ROUTE_PRES_ALLOWED, true, "", 0, "From Name"},
	{"name: never an anonymous From's (RFC 3323)", {"anonymous", .from_display = "Anonymous"},
	 "", ROUTE_PRES_UNAVAILABLE, false, "", 0, ""},
	{"name: restricted with the number by Privacy: id",
	 {"anonymous", S("\"Hidden\" <sip:+4930123@x>"), S("id")}, "+4930123",
	 ROUTE_PRES_RESTRICTED, true, "", 0, "Hidden"},
};

static void test_ident_from_sip(void **state)
{
	size_t i;

	for (i = 0; i < N(from_sip); i++) {
		struct route_ident id;
		bool scr;

		route_ident_from_sip(&from_sip[i].h, &id, &scr);
		if (strcmp(id.calling, from_sip[i].calling) || id.pres != from_sip[i].pres ||
		    scr != from_sip[i].screened || strcmp(id.redirecting, from_sip[i].redir) ||
		    id.redirecting_reason != from_sip[i].reason ||
		    strcmp(id.name, from_sip[i].cname ? from_sip[i].cname : ""))
			fail_msg("%s: got '%s' %s screened %d redir '%s' %d name '%s'",
				 from_sip[i].name, id.calling, route_pres_name(id.pres), scr,
				 id.redirecting, id.redirecting_reason, id.name);
	}
}

static const struct {
	const char *name;
	int isdn;
	enum route_pres pres;
} pres_rows[] = {
	{"Q.931 4.5.10 allowed, user provided", PRES_ALLOWED_USER_NUMBER_NOT_SCREENED,
	 ROUTE_PRES_ALLOWED},
	{"Q.931 4.5.10 allowed, network provided", PRES_ALLOWED_NETWORK_NUMBER, ROUTE_PRES_ALLOWED},
	{"Q.931 4.5.10 restricted", PRES_PROHIB_USER_NUMBER_PASSED_SCREEN, ROUTE_PRES_RESTRICTED},
	{"Q.931 4.5.10 not available", PRES_NUMBER_NOT_AVAILABLE, ROUTE_PRES_UNAVAILABLE},
};

static void test_pres(void **state)
{
	size_t i;

	for (i = 0; i < N(pres_rows); i++)
		if (route_pres_from_isdn(pres_rows[i].isdn) != pres_rows[i].pres)
			fail_msg("%s", pres_rows[i].name);
	assert_int_equal(route_pres_to_isdn(ROUTE_PRES_RESTRICTED, true),
			 PRES_PROHIB_USER_NUMBER_PASSED_SCREEN);
	assert_int_equal(route_pres_to_isdn(ROUTE_PRES_ALLOWED, false),
			 PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	assert_int_equal(route_pres_to_isdn(ROUTE_PRES_UNAVAILABLE, true),
			 PRES_NUMBER_NOT_AVAILABLE);
}

/* --- causes ----------------------------------------------------------------------- */

static void test_causes(void **state)
{
	struct route_causes t = {.name = "x",
				 .sip2q = {{480, 34}},
				 .nsip2q = 1,
				 .q2sip = {{34, 486}},
				 .nq2sip = 1};

	/* Reason header > trunk table > RFC 3398 */
	assert_int_equal(route_sip_to_cause(&t, 480, 21), 21);
	assert_int_equal(route_sip_to_cause(&t, 480, 0), 34);
	assert_int_equal(route_sip_to_cause(&t, 486, 0), 17);
	assert_int_equal(route_sip_to_cause(NULL, 480, 0), 18);
	assert_int_equal(route_cause_to_sip(&t, 34), 486);
	assert_int_equal(route_cause_to_sip(&t, 17), 486);
	assert_int_equal(route_cause_to_sip(NULL, 34), 503);
}

static void test_failover(void **state)
{
	static const char *const c[] = {"route.in x", NULL, "rule.a", "-> trunk:a",
					"rule.b", "failover=486,cause:3 -> trunk:a",
					"rule.c", "failover=none -> trunk:a", NULL, NULL};
	const struct route_rule *a, *b, *cr;

	load(c);
	a = &rc.rules[0], b = &rc.rules[1], cr = &rc.rules[2];
	assert_true(route_failover_status(a, 503, 41));
	assert_true(route_failover_status(a, 408, 102));
	assert_true(route_failover_status(a, 502, 38)); /* by its cause */
	assert_false(route_failover_status(a, 486, 17));
	assert_false(route_failover_status(a, 404, 1));
	assert_true(route_failover_status(b, 486, 17));
	assert_true(route_failover_status(b, 404, 3));
	assert_false(route_failover_status(b, 503, 41));
	assert_false(route_failover_status(cr, 503, 41));
	assert_true(route_failover_cause(a, 34));
}

/* --- limits: max_calls, max_cps token bucket, emergency ---------------------------- */

/*
 * One row is a sequence of admissions on one object: at t_ms with calls
 * in progress, emergency or not, the verdict, and for a max_cps refusal
 * the Retry-After seconds.
 */
struct admission {
	uint64_t t_ms;
	int calls;
	bool emergency;
	enum route_limit_hit want;
	unsigned retry_after;
};

static const struct {
	const char *name;
	struct route_limit limit;
	struct admission seq[8];
	int n;
} limits[] = {
	{"no limits admit everything", {0, 0},
	 {{0, 100, false, ROUTE_LIMIT_NONE}, {0, 1000, false, ROUTE_LIMIT_NONE}}, 2},
	{"max_calls 2: the third concurrent call is refused (cause 34)", {2, 0},
	 {{0, 0, false, ROUTE_LIMIT_NONE}, {0, 1, false, ROUTE_LIMIT_NONE},
	  {0, 2, false, ROUTE_LIMIT_CALLS}, {5, 1, false, ROUTE_LIMIT_NONE}}, 4},
	{"max_calls: an emergency call passes a full trunk", {1, 0},
	 {{0, 1, false, ROUTE_LIMIT_CALLS}, {0, 1, true, ROUTE_LIMIT_NONE}}, 2},
	{"max_cps 1: burst of one, then one a second", {0, 1},
	 {{1000, 0, false, ROUTE_LIMIT_NONE}, {1100, 0, false, ROUTE_LIMIT_CPS, 1},
	  {1999, 0, false, ROUTE_LIMIT_CPS, 1}, {2000, 0, false, ROUTE_LIMIT_NONE},
	  {2000, 0, false, ROUTE_LIMIT_CPS, 1}}, 5},
	{"max_cps 10: ten at once, the next after 100 ms", {0, 10},
	 {{0, 0, false, ROUTE_LIMIT_NONE}}, 1},
	{"max_cps: emergency passes an empty bucket and does not go negative", {0, 1},
	 {{0, 0, false, ROUTE_LIMIT_NONE}, {10, 0, true, ROUTE_LIMIT_NONE},
	  {20, 0, false, ROUTE_LIMIT_CPS, 1}, {1010, 0, false, ROUTE_LIMIT_NONE}}, 4},
	{"max_calls is checked before max_cps", {1, 1},
	 {{0, 1, false, ROUTE_LIMIT_CALLS}, {0, 0, false, ROUTE_LIMIT_NONE},
	  {0, 0, false, ROUTE_LIMIT_CPS, 1}}, 3},
	{"max_cps 1 after a long idle time holds one token only", {0, 1},
	 {{0, 0, false, ROUTE_LIMIT_NONE}, {60000, 0, false, ROUTE_LIMIT_NONE},
	  {60001, 0, false, ROUTE_LIMIT_CPS, 1}}, 3},
};

static void test_limits(void **state)
{
	size_t i;
	int j;

	for (i = 0; i < N(limits); i++) {
		struct route_bucket b = {0};

		for (j = 0; j < limits[i].n; j++) {
			const struct admission *a = &limits[i].seq[j];
			enum route_limit_hit got =
				route_limit_admit(&limits[i].limit, a->calls, &b, a->t_ms,
						  a->emergency);

			if (got != a->want)
				fail_msg("%s: step %d: got %s, want %s", limits[i].name, j,
					 route_limit_name(got), route_limit_name(a->want));
			if (got == ROUTE_LIMIT_CPS &&
			    route_limit_retry_after(&limits[i].limit, &b, a->t_ms) !=
				    a->retry_after)
				fail_msg("%s: step %d: Retry-After %u", limits[i].name, j,
					 route_limit_retry_after(&limits[i].limit, &b, a->t_ms));
		}
	}
}

static void test_limits_burst(void **state)
{
	const struct route_limit l = {0, 10};
	struct route_bucket b = {0};
	int i;

	for (i = 0; i < 10; i++)
		assert_int_equal(route_limit_admit(&l, 0, &b, 0, false), ROUTE_LIMIT_NONE);
	assert_int_equal(route_limit_admit(&l, 0, &b, 99, false), ROUTE_LIMIT_CPS);
	assert_int_equal(route_limit_admit(&l, 0, &b, 100, false), ROUTE_LIMIT_NONE);
	assert_int_equal(route_limit_admit(&l, 0, &b, 100, false), ROUTE_LIMIT_CPS);
	/* Q.850: 34 no circuit for a full object, 42 congestion for a rate */
	assert_int_equal(route_limit_cause(ROUTE_LIMIT_CALLS), 34);
	assert_int_equal(route_limit_cause(ROUTE_LIMIT_CPS), 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_pattern_check),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_num_from_isdn),
		cmocka_unit_test(test_num_rewrite),
		cmocka_unit_test(test_ident_to_sip),
		cmocka_unit_test(test_ident_untrusted),
		cmocka_unit_test(test_ident_name_to_sip),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ident_from_sip),
		cmocka_unit_test(test_pres),
		cmocka_unit_test(test_causes),
		cmocka_unit_test(test_failover),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_limits_burst),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
