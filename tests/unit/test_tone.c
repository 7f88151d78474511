// SPDX-License-Identifier: GPL-2.0-only
/* Call progress tones: cadences exact in samples, frequencies and levels per zone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dsp.h"
#include "tone.h"

#define LEN (2 * 8000 * 12) /* two periods of the longest cadence (6 s) */
static int16_t pcm[LEN];

struct tone_case {
	const char *name;
	const char *zone;
	enum tone_kind kind;
	unsigned f1, f2;
	int level;
	unsigned cadence[8]; /* ms on, off, ...; 0-terminated; none: continuous */
};

static const struct tone_case cases[] = {
	{"ETSI ES 201 970 dial", "etsi", TONE_DIAL, 425, 0, -13, {0}},
	{"ETSI ES 201 970 ringback 1/4", "etsi", TONE_RINGBACK, 425, 0, -13, {1000, 4000}},
	{"ETSI ES 201 970 busy 0.5/0.5", "etsi", TONE_BUSY, 425, 0, -13, {500, 500}},
	{"ETSI ES 201 970 congestion 0.25/0.25", "eu", TONE_CONGESTION, 425, 0, -13, {250, 250}},
	{"BT SIN 350 dial", "uk", TONE_DIAL, 350, 440, -13, {0}},
	{"BT SIN 350 ringback 0.4/0.2/0.4/2",
	 "uk",
	 TONE_RINGBACK,
	 400,
	 450,
	 -13,
	 {400, 200, 400, 2000}},
	{"BT SIN 350 busy 0.375/0.375", "UK", TONE_BUSY, 400, 0, -13, {375, 375}},
	{"BT SIN 350 congestion", "uk", TONE_CONGESTION, 400, 0, -13, {400, 350, 225, 525}},
	{"ANSI T1.401 dial", "us", TONE_DIAL, 350, 440, -13, {0}},
	{"ANSI T1.401 ringback 2/4", "us", TONE_RINGBACK, 440, 480, -19, {2000, 4000}},
	{"ANSI T1.401 busy 0.5/0.5", "us", TONE_BUSY, 480, 620, -24, {500, 500}},
	{"ANSI T1.401 reorder 0.25/0.25", "us", TONE_CONGESTION, 480, 620, -24, {250, 250}},
};

static double goertzel_amp(const int16_t *s, size_t n, double f)
{
	double c = 2 * cos(2 * M_PI * f / DSP_RATE), v1 = 0, v2 = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double y = s[i] + c * v1 - v2;

		v2 = v1;
		v1 = y;
	}
	return 2.0 * sqrt(v1 * v1 + v2 * v2 - c * v1 * v2) / n;
}

static void test_zones(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tone_case *c = &cases[i];
		const struct tone_zone *z;
		struct tone_gen g;
		size_t pos = 0, k, chunk = 7;
		unsigned ncad = 0, period = 0, seg;
		double amp = DSP_DBM0_PEAK * pow(10.0, c->level / 20.0);

		assert_int_equal(tone_zone_find(c->zone, &z), 0);
		tone_gen_start(&g, z, c->kind);
		/* odd chunk sizes: the phase and cadence carry across calls */
		while (pos < LEN) {
			size_t m = LEN - pos < chunk ? LEN - pos : chunk;

			assert_int_equal(tone_gen_fill(&g, pcm + pos, m), m);
			pos += m;
			chunk = chunk * 3 % 997 + 1;
		}
		while (ncad < 8 && c->cadence[ncad])
			period += c->cadence[ncad++];
		if (!ncad) {
			ncad = 1;
			period = 1000;
		}
		/* every on segment is exactly its length, every off one exactly silent */
		pos = 0;
		for (k = 0; pos + (size_t)period * 8 <= LEN; k++) {
			for (seg = 0; seg < ncad; seg++) {
				size_t len = (c->cadence[0] ? c->cadence[seg] : period) * 8u, j;

				if (seg & 1) {
					for (j = 0; j < len; j++)
						assert_int_equal(pcm[pos + j], 0);
				} else {
					/* level and frequencies within 0.2 dB over the segment */
					size_t n = len / 200 * 200; /* whole cycles of 40 Hz */
					double a1 = goertzel_amp(pcm + pos, n, c->f1);

					assert_true(fabs(20 * log10(a1 / amp)) < 0.2);
					if (c->f2)
						assert_true(fabs(20 * log10(goertzel_amp(pcm + pos,
											 n, c->f2) /
									    amp)) < 0.2);
					/* nonzero right up to the segment's edges */
					assert_true(pcm[pos + len - 1] || pcm[pos + len - 2]);
				}
				pos += len;
			}
		}
		/* phase-continuous: no step larger than the tone's own slew */
		for (k = 1; k < LEN; k++) {
			double slew = 2 * M_PI * (c->f1 + c->f2) / DSP_RATE * amp * 1.05 + 2;

			if (pcm[k] && pcm[k - 1])
				assert_true(fabs((double)pcm[k] - pcm[k - 1]) <= slew);
		}
		printf("%-40s ok\n", c->name);
	}
}

static void test_find(void **state)
{
	const struct tone_zone *z = NULL;
	const struct tone_zone *const *all = tone_zones();
	struct tone_gen g;
	int16_t s[10];

	assert_int_equal(tone_zone_find("mars", &z), -ENOENT);
	assert_int_equal(tone_zone_find(NULL, &z), -ENOENT);
	assert_int_equal(tone_zone_find("Europe", &z), 0);
	assert_string_equal(z->name, "etsi");
	for (; *all; all++)
		assert_int_equal(tone_zone_find((*all)->name, &z), 0);
	assert_string_equal(tone_kind_name(TONE_BUSY), "busy");
	tone_gen_start(&g, z, TONE_BUSY);
	tone_gen_stop(&g);
	memset(s, 1, sizeof(s));
	assert_int_equal(tone_gen_fill(&g, s, 10), 10);
	assert_int_equal(s[9], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
