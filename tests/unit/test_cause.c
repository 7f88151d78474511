// SPDX-License-Identifier: GPL-2.0-only
/* Cause mapping: every row of RFC 3398's two tables, and the class defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "call/cause.h"

struct row {
	const char *name;
	int in;
	int out;
};

static const struct row to_sip[] = {
	{"RFC3398 8.2.6.1 1 unallocated", 1, 404},
	{"RFC3398 8.2.6.1 2 no route to network", 2, 404},
	{"RFC3398 8.2.6.1 3 no route to destination", 3, 404},
	{"RFC3398 8.2.6.1 17 user busy", 17, 486},
	{"RFC3398 8.2.6.1 18 no user responding", 18, 408},
	{"RFC3398 8.2.6.1 19 no answer", 19, 480},
	{"RFC3398 8.2.6.1 20 subscriber absent", 20, 480},
	{"RFC3398 8.2.6.1 21 call rejected", 21, 403},
	{"RFC3398 8.2.6.1 22 number changed", 22, 410},
	{"RFC3398 8.2.6.1 23 redirection", 23, 410},
	{"RFC3398 8.2.6.1 26 non-selected user", 26, 404},
	{"RFC3398 8.2.6.1 27 destination out of order", 27, 502},
	{"RFC3398 8.2.6.1 28 address incomplete", 28, 484},
	{"RFC3398 8.2.6.1 29 facility rejected", 29, 501},
	{"RFC3398 8.2.6.1 31 normal unspecified", 31, 480},
	{"RFC3398 8.2.6.1 34 no circuit", 34, 503},
	{"RFC3398 8.2.6.1 38 network out of order", 38, 503},
	{"RFC3398 8.2.6.1 41 temporary failure", 41, 503},
	{"RFC3398 8.2.6.1 42 congestion", 42, 503},
	{"RFC3398 8.2.6.1 47 resource unavailable", 47, 503},
	{"RFC3398 8.2.6.1 55 incoming barred in CUG", 55, 403},
	{"RFC3398 8.2.6.1 57 bearer not authorized", 57, 403},
	{"RFC3398 8.2.6.1 58 bearer not available", 58, 503},
	{"RFC3398 8.2.6.1 65 bearer not implemented", 65, 488},
	{"RFC3398 8.2.6.1 70 only restricted digital", 70, 488},
	{"RFC3398 8.2.6.1 79 service not implemented", 79, 501},
	{"RFC3398 8.2.6.1 87 not member of CUG", 87, 403},
	{"RFC3398 8.2.6.1 88 incompatible destination", 88, 503},
	{"RFC3398 8.2.6.1 102 recovery on timer expiry", 102, 504},
	{"RFC3398 8.2.6.1 111 protocol error", 111, 500},
	{"RFC3398 8.2.6.1 127 interworking", 127, 500},
	{"class default: normal class 24", 24, 480},
	{"class default: 99 unlisted", 99, 500},
};

static const struct row to_cause[] = {
	{"RFC3398 7.2.4.1 400", 400, 41},  {"RFC3398 7.2.4.1 401", 401, 21},
	{"RFC3398 7.2.4.1 402", 402, 21},  {"RFC3398 7.2.4.1 403", 403, 21},
	{"RFC3398 7.2.4.1 404", 404, 1},   {"RFC3398 7.2.4.1 405", 405, 63},
	{"RFC3398 7.2.4.1 406", 406, 79},  {"RFC3398 7.2.4.1 407", 407, 21},
	{"RFC3398 7.2.4.1 408", 408, 102}, {"RFC3398 7.2.4.1 410", 410, 22},
	{"RFC3398 7.2.4.1 413", 413, 127}, {"RFC3398 7.2.4.1 414", 414, 127},
	{"RFC3398 7.2.4.1 415", 415, 79},  {"RFC3398 7.2.4.1 416", 416, 127},
	{"RFC3398 7.2.4.1 420", 420, 127}, {"RFC3398 7.2.4.1 421", 421, 127},
	{"RFC3398 7.2.4.1 423", 423, 127}, {"RFC3398 7.2.4.1 480", 480, 18},
	{"RFC3398 7.2.4.1 481", 481, 41},  {"RFC3398 7.2.4.1 482", 482, 25},
	{"RFC3398 7.2.4.1 483", 483, 25},  {"RFC3398 7.2.4.1 484", 484, 28},
	{"RFC3398 7.2.4.1 485", 485, 1},   {"RFC3398 7.2.4.1 486", 486, 17},
	{"RFC3398 7.2.4.1 488", 488, 127}, {"RFC3398 7.2.4.1 500", 500, 41},
	{"RFC3398 7.2.4.1 501", 501, 79},  {"RFC3398 7.2.4.1 502", 502, 38},
	{"RFC3398 7.2.4.1 503", 503, 41},  {"RFC3398 7.2.4.1 504", 504, 102},
	{"RFC3398 7.2.4.1 505", 505, 127}, {"RFC3398 7.2.4.1 513", 513, 127},
	{"RFC3398 7.2.4.1 600", 600, 17},  {"RFC3398 7.2.4.1 603", 603, 21},
	{"RFC3398 7.2.4.1 604", 604, 1},   {"RFC3398 7.2.4.1 606", 606, 58},
	{"class default 6xx 699", 699, 31}, {"class default 4xx 499", 499, 127},
};

static void test_cause_to_sip(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(to_sip) / sizeof(to_sip[0]); i++) {
		int got = cause_to_sip(to_sip[i].in);

		if (got != to_sip[i].out)
			fail_msg("%s: got %d, want %d", to_sip[i].name, got, to_sip[i].out);
	}
}

static void test_sip_to_cause(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(to_cause) / sizeof(to_cause[0]); i++) {
		int got = sip_to_cause(to_cause[i].in);

		if (got != to_cause[i].out)
			fail_msg("%s: got %d, want %d", to_cause[i].name, got, to_cause[i].out);
	}
}

/* the pairs the gateway must round-trip (issue: 1<->404, 17<->486, 21<->403, 28<->484) */
static void test_round_trip(void **state)
{
	static const int causes[] = {1, 17, 21, 28};
	size_t i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		assert_int_equal(sip_to_cause(cause_to_sip(causes[i])), causes[i]);
	assert_string_equal(cause_text(17), "User busy");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cause_to_sip),
		cmocka_unit_test(test_sip_to_cause),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests_name("cause", tests, NULL, NULL);
}
