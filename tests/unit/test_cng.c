// SPDX-License-Identifier: GPL-2.0-only
/* RFC 3389 comfort noise: payload parsing and building, generated levels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cng.h"
#include "dsp.h"

struct parse_case {
	const char *name;
	uint8_t pl[16];
	size_t len;
	int ret;
	uint8_t level, order;
	float k1;
};

static const struct parse_case parse_cases[] = {
	{"RFC 3389 3.1 level only", {40}, 1, 0, 40, 0, 0},
	{"RFC 3389 3.1 level 0 dBov", {0}, 1, 0, 0, 0, 0},
	{"RFC 3389 3.1 level -127 dBov", {127}, 1, 0, 127, 0, 0},
	{"RFC 3389 3.1 reserved bit set", {0x80 | 40}, 1, -EINVAL, 0, 0, 0},
	{"RFC 3389 3 empty payload", {0}, 0, -EINVAL, 0, 0, 0},
	{"RFC 3389 3.2 one coefficient", {60, 127 + 64}, 2, 0, 60, 1, 0.5f},
	{"RFC 3389 3.2 negative coefficient", {60, 127 - 64, 127}, 3, 0, 60, 2, -0.5f},
	{"RFC 3389 3.2 order past the maximum cut",
	 {50, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127},
	 13,
	 0,
	 50,
	 10,
	 0},
};

static void test_parse(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct cng_params p;
		uint8_t buf[16];

		assert_int_equal(cng_parse(&p, c->pl, c->len), c->ret);
		if (c->ret)
			continue;
		assert_int_equal(p.level, c->level);
		assert_int_equal(p.order, c->order);
		if (c->order)
			assert_true(fabsf(p.rc[0] - c->k1) < 1e-6f);
		/* and back */
		assert_int_equal(cng_build(&p, buf, sizeof(buf)), 1 + p.order);
		assert_memory_equal(buf, c->pl, 1 + p.order);
		printf("%-40s ok\n", c->name);
	}
}

static double rms_dbov(const int16_t *s, size_t n)
{
	double e = 0;
	size_t i;

	for (i = 0; i < n; i++)
		e += (double)s[i] * s[i];
	return 10 * log10(e / n / (DSP_DBOV_RMS * DSP_DBOV_RMS));
}

struct level_case {
	const char *name;
	int dbov;
	uint8_t order;
	float rc[4];
	double r1_min, r1_max; /* first normalised autocorrelation: the spectral tilt */
};

static const struct level_case level_cases[] = {
	{"RFC 3389 white -30 dBov", 30, 0, {0}, -0.03, 0.03},
	{"RFC 3389 white -50 dBov", 50, 0, {0}, -0.03, 0.03},
	{"RFC 3389 white -70 dBov", 70, 0, {0}, -0.05, 0.05},
	{"RFC 3389 white -20 dBov", 20, 0, {0}, -0.03, 0.03},
	{"RFC 3389 shaped 1st order low-pass", 40, 1, {-0.8f}, 0.77, 0.83},
	{"RFC 3389 shaped 1st order high-pass", 40, 1, {0.7f}, -0.73, -0.67},
	{"RFC 3389 shaped 2nd order low-pass -40 dBov", 40, 2, {-0.8f, 0.3f}, 0.5, 0.95},
	{"RFC 3389 shaped 4th order -60 dBov", 60, 4, {-0.6f, 0.4f, -0.2f, 0.1f}, 0.2, 0.9},
};

static void test_levels(void **state)
{
	static int16_t s[16000];
	size_t i;

	for (i = 0; i < sizeof(level_cases) / sizeof(level_cases[0]); i++) {
		const struct level_case *c = &level_cases[i];
		struct cng_params p = {.level = (uint8_t)c->dbov, .order = c->order};
		struct cng g;
		double db, r0 = 0, r1 = 0;
		size_t j;

		memcpy(p.rc, c->rc, sizeof(c->rc));
		cng_init(&g);
		if (c->order)
			cng_set_params(&g, &p);
		else
			cng_set_level(&g, c->dbov);
		cng_fill(&g, s, 800); /* the filter settles */
		cng_fill(&g, s, 16000);
		db = rms_dbov(s, 16000);
		printf("%-40s %.2f dBov\n", c->name, db);
		assert_true(fabs(db + c->dbov) < 1.0);
		for (j = 1; j < 16000; j++) {
			r0 += (double)s[j] * s[j];
			r1 += (double)s[j] * s[j - 1];
		}
		printf("%-40s r1 %.3f\n", "", r1 / r0);
		assert_true(r1 / r0 >= c->r1_min && r1 / r0 <= c->r1_max);
		assert_int_equal(cng_measure(s, 16000), c->dbov < 127 ? c->dbov : 127);
	}
}

static void test_silence(void **state)
{
	struct cng g;
	int16_t s[100], z[100] = {0};

	cng_init(&g);
	cng_fill(&g, s, 100);
	assert_memory_equal(s, z, sizeof(s));
	assert_int_equal(cng_measure(z, 100), CNG_LEVEL_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_silence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
