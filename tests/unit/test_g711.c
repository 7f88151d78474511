// SPDX-License-Identifier: GPL-2.0-only
/* G.711 code by code and sample by sample against references built from the standard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "g711.h"

/*
 * Magnitude index k = segment << 4 | step, 0..127. A-law (table 1) works
 * on 13-bit magnitudes: segments 0 and 1 have steps of 2, segment s > 1
 * starts at 2^(s+4) with steps of 2^s, the top one ends at 4096.
 */
static int ref_alaw_lower(int k)
{
	int seg = k >> 4, q = k & 15;

	return seg == 0 ? 2 * q : (16 + q) << seg;
}

static int ref_alaw_upper(int k)
{
	return k == 127 ? 4096 : ref_alaw_lower(k + 1);
}

/*
 * mu-law (table 2) works on 14-bit magnitudes and is linear in x + 33:
 * segment s spans [2^(s+5) - 33, 2^(s+6) - 33) in 16 steps of 2^(s+1),
 * the top one ending at the overload point 8159. The first interval,
 * [-1, 1), decodes to 0.
 */
static int ref_ulaw_lower(int k)
{
	return ((16 + (k & 15)) << ((k >> 4) + 1)) - 33;
}

static int ref_ulaw_upper(int k)
{
	return ((17 + (k & 15)) << ((k >> 4) + 1)) - 33;
}

/* the decoders output the middle of the interval, scaled to 16 bits */
static int16_t ref_alaw_decode(uint8_t code)
{
	int k = (code ^ 0x55) & 0x7f;
	int v = (ref_alaw_lower(k) + ref_alaw_upper(k)) / 2 * 8;

	return (int16_t)(((code ^ 0x55) & 0x80) ? v : -v);
}

static int16_t ref_ulaw_decode(uint8_t code)
{
	int k = ~code & 0x7f;
	int v = (ref_ulaw_lower(k) + ref_ulaw_upper(k)) / 2 * 4;

	return (int16_t)((~code & 0x80) ? -v : v);
}

static int floor_div(int a, int b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * A 16-bit sample keeps its top 13 (A) or 14 (mu) bits, a two's complement
 * value x standing for [x, x + 1). Negative A-law x lies in the interval
 * of magnitude -x - 1; negative mu-law x is taken as magnitude -x.
 */
static uint8_t ref_alaw_encode(int16_t pcm)
{
	int x = floor_div(pcm, 8);
	int mag = x < 0 ? -x - 1 : x;
	int k = 127;

	while (ref_alaw_lower(k) > mag)
		k--;
	return (uint8_t)(((x < 0 ? 0 : 0x80) | k) ^ 0x55);
}

static uint8_t ref_ulaw_encode(int16_t pcm)
{
	int x = floor_div(pcm, 4);
	int mag = x < 0 ? -x : x;
	int k = 127;

	while (k > 0 && ref_ulaw_lower(k) > mag)
		k--;
	return (uint8_t) ~((x < 0 ? 0x80 : 0) | k);
}

struct law {
	const char *name;
	uint8_t (*enc)(int16_t);
	int16_t (*dec)(uint8_t);
	uint8_t (*ref_enc)(int16_t);
	int16_t (*ref_dec)(uint8_t);
	int neg_zero; /* code decoding to 0 that 0 does not encode to, or -1 */
};

static const struct law laws[] = {
	{"G.711 table 1 A-law", g711_lin2alaw, g711_alaw2lin, ref_alaw_encode, ref_alaw_decode, -1},
	{"G.711 table 2 mu-law", g711_lin2ulaw, g711_ulaw2lin, ref_ulaw_encode, ref_ulaw_decode,
	 0x7f},
};

static void test_decode_all_codes(void **state)
{
	size_t i;
	int c;

	for (i = 0; i < sizeof(laws) / sizeof(laws[0]); i++) {
		for (c = 0; c < 256; c++) {
			int got = laws[i].dec((uint8_t)c), want = laws[i].ref_dec((uint8_t)c);

			if (got != want)
				fail_msg("%s: decode %#04x: got %d, want %d", laws[i].name, c, got,
					 want);
		}
	}
}

static void test_round_trip_all_codes(void **state)
{
	size_t i;
	int c;

	for (i = 0; i < sizeof(laws) / sizeof(laws[0]); i++) {
		for (c = 0; c < 256; c++) {
			int want = c == laws[i].neg_zero ? laws[i].enc(0) : c;
			int got = laws[i].enc(laws[i].dec((uint8_t)c));

			if (got != want)
				fail_msg("%s: encode(decode(%#04x)) = %#04x, want %#04x",
					 laws[i].name, c, got, want);
		}
	}
}

static void test_encode_all_samples(void **state)
{
	size_t i;
	int v;

	for (i = 0; i < sizeof(laws) / sizeof(laws[0]); i++) {
		for (v = INT16_MIN; v <= INT16_MAX; v++) {
			int got = laws[i].enc((int16_t)v), want = laws[i].ref_enc((int16_t)v);

			if (got != want)
				fail_msg("%s: encode %d: got %#04x, want %#04x", laws[i].name, v,
					 got, want);
		}
	}
}

struct point {
	const char *name;
	enum g711_law law;
	int16_t pcm;
	uint8_t code;
	int16_t decoded;
};

static const struct point points[] = {
	{"A-law zero is the smallest positive code", G711_ALAW, 0, 0xd5, 8},
	{"A-law -1 is the smallest negative code", G711_ALAW, -1, 0x55, -8},
	{"A-law segment 1 starts at 256", G711_ALAW, 256, 0xc5, 264},
	{"A-law positive overload", G711_ALAW, INT16_MAX, 0xaa, 32256},
	{"A-law negative overload", G711_ALAW, INT16_MIN, 0x2a, -32256},
	{"mu-law zero", G711_ULAW, 0, 0xff, 0},
	{"mu-law -1 is in the first negative step", G711_ULAW, -1, 0x7e, -8},
	{"mu-law segment 1 starts at 4 * 31", G711_ULAW, 124, 0xef, 132},
	{"mu-law positive overload", G711_ULAW, INT16_MAX, 0x80, 32124},
	{"mu-law negative overload", G711_ULAW, INT16_MIN, 0x00, -32124},
};

static void test_known_points(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		const struct point *p = &points[i];
		int code = p->law == G711_ALAW ? g711_lin2alaw(p->pcm) : g711_lin2ulaw(p->pcm);
		int dec = p->law == G711_ALAW ? g711_alaw2lin(p->code) : g711_ulaw2lin(p->code);

		if (code != p->code || dec != p->decoded)
			fail_msg("%s: %d -> %#04x -> %d, want %#04x -> %d", p->name, p->pcm, code,
				 dec, p->code, p->decoded);
	}
}

/*
 * Tables 3 and 4 number the magnitudes from zero upwards: mu-law 0..127,
 * A-law 1..128. Each row applies to both signs.
 */
struct conv_row {
	const char *name;
	int from;
	int to;
};

static const struct conv_row mu_to_a[] = {
	{"G.711 table 3: mu 0 -> A 1", 0, 1},	  {"G.711 table 3: mu 1 -> A 1", 1, 1},
	{"G.711 table 3: mu 15 -> A 8", 15, 8},	  {"G.711 table 3: mu 16 -> A 9", 16, 9},
	{"G.711 table 3: mu 32 -> A 25", 32, 25}, {"G.711 table 3: mu 33 -> A 27", 33, 27},
	{"G.711 table 3: mu 36 -> A 33", 36, 33}, {"G.711 table 3: mu 47 -> A 44", 47, 44},
	{"G.711 table 3: mu 48 -> A 46", 48, 46}, {"G.711 table 3: mu 49 -> A 48", 49, 48},
	{"G.711 table 3: mu 79 -> A 79", 79, 79}, {"G.711 table 3: mu 80 -> A 80", 80, 80},
	{"G.711 table 3: mu 81 -> A 82", 81, 82}, {"G.711 table 3: mu 127 -> A 128", 127, 128},
};

static const struct conv_row a_to_mu[] = {
	{"G.711 table 4: A 1 -> mu 1", 1, 1},	      {"G.711 table 4: A 2 -> mu 3", 2, 3},
	{"G.711 table 4: A 8 -> mu 15", 8, 15},	      {"G.711 table 4: A 9 -> mu 16", 9, 16},
	{"G.711 table 4: A 25 -> mu 32", 25, 32},     {"G.711 table 4: A 26 -> mu 32", 26, 32},
	{"G.711 table 4: A 45 -> mu 48", 45, 48},     {"G.711 table 4: A 46 -> mu 48", 46, 48},
	{"G.711 table 4: A 64 -> mu 64", 64, 64},     {"G.711 table 4: A 80 -> mu 80", 80, 80},
	{"G.711 table 4: A 81 -> mu 80", 81, 80},     {"G.711 table 4: A 82 -> mu 81", 82, 81},
	{"G.711 table 4: A 128 -> mu 127", 128, 127},
};

static uint8_t mu_code(int number, int positive)
{
	return (uint8_t)((positive ? 0xff : 0x7f) ^ number);
}

static uint8_t a_code(int number, int positive)
{
	return (uint8_t)((positive ? 0xd5 : 0x55) ^ (number - 1));
}

static void test_conversion_table_rows(void **state)
{
	size_t i;
	int pos;

	for (pos = 0; pos < 2; pos++) {
		for (i = 0; i < sizeof(mu_to_a) / sizeof(mu_to_a[0]); i++) {
			int got = g711_ulaw2alaw(mu_code(mu_to_a[i].from, pos));
			int want = a_code(mu_to_a[i].to, pos);

			if (got != want)
				fail_msg("%s (%s): got %#04x, want %#04x", mu_to_a[i].name,
					 pos ? "+" : "-", got, want);
		}
		for (i = 0; i < sizeof(a_to_mu) / sizeof(a_to_mu[0]); i++) {
			int got = g711_alaw2ulaw(a_code(a_to_mu[i].from, pos));
			int want = mu_code(a_to_mu[i].to, pos);

			if (got != want)
				fail_msg("%s (%s): got %#04x, want %#04x", a_to_mu[i].name,
					 pos ? "+" : "-", got, want);
		}
	}
}

/*
 * Decoder outputs at a common level: A-law overloads at +3.14 dBm0 (4096
 * in 13 bits), mu-law at +3.17 dBm0 (8159 in 14 bits). Tables 3 and 4 pick
 * the code of the other law nearest on this scale (not the nearest
 * 16-bit value, which differs for 70 codes).
 */
static double level_alaw(uint8_t c)
{
	return ref_alaw_decode(c) / 8.0 * 8159.0 / 4096.0 * pow(10.0, (3.14 - 3.17) / 20.0);
}

static double level_ulaw(uint8_t c)
{
	return ref_ulaw_decode(c) / 4.0;
}

static int nearest(double v, double (*level)(uint8_t), int positive)
{
	double d, best_d = INFINITY;
	int c, best = -1;

	for (c = 0; c < 256; c++) {
		d = fabs(level((uint8_t)c) - v);
		/* exact zero ties between +0 and -0: keep the sign */
		if (d < best_d || (d == best_d && !!(c & 0x80) == positive)) {
			best_d = d;
			best = c;
		}
	}
	return best;
}

static void test_conversion_all_codes(void **state)
{
	int c, got, want;

	for (c = 0; c < 256; c++) {
		got = g711_alaw2ulaw((uint8_t)c);
		want = nearest(level_alaw((uint8_t)c), level_ulaw, !!(c & 0x80));
		if (got != want)
			fail_msg("A %#04x -> mu: got %#04x, want %#04x", c, got, want);
		got = g711_ulaw2alaw((uint8_t)c);
		want = nearest(level_ulaw((uint8_t)c), level_alaw, !!(c & 0x80));
		if (got != want)
			fail_msg("mu %#04x -> A: got %#04x, want %#04x", c, got, want);
	}
}

/* both tables keep the sign and the order of the decoded values */
static void test_conversion_properties(void **state)
{
	int c, d;

	for (c = 0; c < 256; c++) {
		assert_int_equal(g711_alaw2ulaw((uint8_t)c) & 0x80, c & 0x80);
		assert_int_equal(g711_ulaw2alaw((uint8_t)c) & 0x80, c & 0x80);
		for (d = 0; d < 256; d++) {
			if (g711_alaw2lin((uint8_t)c) < g711_alaw2lin((uint8_t)d) &&
			    g711_ulaw2lin(g711_alaw2ulaw((uint8_t)c)) >
				    g711_ulaw2lin(g711_alaw2ulaw((uint8_t)d)))
				fail_msg("A->mu reorders %#04x and %#04x", c, d);
			if (g711_ulaw2lin((uint8_t)c) < g711_ulaw2lin((uint8_t)d) &&
			    g711_alaw2lin(g711_ulaw2alaw((uint8_t)c)) >
				    g711_alaw2lin(g711_ulaw2alaw((uint8_t)d)))
				fail_msg("mu->A reorders %#04x and %#04x", c, d);
		}
	}
}

static void test_conversion_buffers(void **state)
{
	uint8_t src[256], dst[256], inplace[256];
	int c;

	for (c = 0; c < 256; c++)
		src[c] = (uint8_t)c;
	g711_alaw2ulaw_buf(dst, src, 256);
	memcpy(inplace, src, 256);
	g711_alaw2ulaw_buf(inplace, inplace, 256);
	for (c = 0; c < 256; c++) {
		assert_int_equal(dst[c], g711_alaw2ulaw((uint8_t)c));
		assert_int_equal(inplace[c], dst[c]);
	}
	g711_ulaw2alaw_buf(dst, src, 256);
	memcpy(inplace, src, 256);
	g711_ulaw2alaw_buf(inplace, inplace, 256);
	for (c = 0; c < 256; c++) {
		assert_int_equal(dst[c], g711_ulaw2alaw((uint8_t)c));
		assert_int_equal(inplace[c], dst[c]);
	}
	g711_alaw2ulaw_buf(NULL, NULL, 0);
}

struct mw_row {
	const char *name;
	enum g711_law law;
	uint8_t seq[G711_MILLIWATT_LEN];
	double full_scale; /* 16-bit peak of the overload point */
	double t_max;	   /* dBm0 of that overload point */
};

static const struct mw_row mw_rows[] = {
	{"G.711 table 5 A-law",
	 G711_ALAW,
	 {0x34, 0x21, 0x21, 0x34, 0xb4, 0xa1, 0xa1, 0xb4},
	 4096.0 * 8,
	 3.14},
	{"G.711 table 6 mu-law",
	 G711_ULAW,
	 {0x1e, 0x0b, 0x0b, 0x1e, 0x9e, 0x8b, 0x8b, 0x9e},
	 8159.0 * 4,
	 3.17},
};

/* 8 samples at 8 kHz: DFT bin 1 is 1 kHz, bin b its b-th harmonic */
static void dft_bin(const double *x, int b, double *re, double *im)
{
	int k;

	*re = *im = 0;
	for (k = 0; k < 8; k++) {
		*re += x[k] * cos(2 * M_PI * b * k / 8);
		*im -= x[k] * sin(2 * M_PI * b * k / 8);
	}
}

static void test_milliwatt(void **state)
{
	double x[8], re, im, amp, dbm0, phase, h3;
	size_t i;
	int k;

	for (i = 0; i < sizeof(mw_rows) / sizeof(mw_rows[0]); i++) {
		const struct mw_row *r = &mw_rows[i];
		const uint8_t *mw = g711_milliwatt(r->law);

		if (memcmp(mw, r->seq, G711_MILLIWATT_LEN))
			fail_msg("%s: sequence differs", r->name);
		for (k = 0; k < 8; k++)
			x[k] = r->law == G711_ALAW ? g711_alaw2lin(mw[k]) : g711_ulaw2lin(mw[k]);
		dft_bin(x, 0, &re, &im);
		assert_true(re == 0);
		dft_bin(x, 2, &re, &im);
		assert_true(hypot(re, im) < 1e-6);
		dft_bin(x, 1, &re, &im);
		amp = hypot(re, im) / 4;
		/* a sine at 0 dBm0 peaks T_max dB below the overload point */
		dbm0 = 20 * log10(amp / r->full_scale) + r->t_max;
		if (fabs(dbm0) > 0.01)
			fail_msg("%s: %.3f dBm0, want 0", r->name, dbm0);
		/* x[k] = A sin(k pi/4 + phase): samples at odd multiples of pi/8 */
		phase = atan2(re, -im);
		if (fabs(phase - (-7 * M_PI / 8)) > 0.5 * M_PI / 180)
			fail_msg("%s: phase %.2f deg, want -157.5", r->name, phase * 180 / M_PI);
		dft_bin(x, 3, &re, &im);
		h3 = 20 * log10(hypot(re, im) / 4 / amp);
		if (h3 > -35)
			fail_msg("%s: third harmonic at %.1f dB", r->name, h3);
	}
}

static void test_silence(void **state)
{
	assert_int_equal(g711_silence(G711_ALAW), 0xd5);
	assert_int_equal(g711_silence(G711_ULAW), 0xff);
	assert_int_equal(g711_alaw2lin(g711_silence(G711_ALAW)), 8);
	assert_int_equal(g711_ulaw2lin(g711_silence(G711_ULAW)), 0);
	assert_int_equal(g711_lin2alaw(0), g711_silence(G711_ALAW));
	assert_int_equal(g711_lin2ulaw(0), g711_silence(G711_ULAW));
	/* silence stays silence across the law conversion */
	assert_int_equal(g711_alaw2ulaw(0xd5), 0xfe);
	assert_int_equal(g711_ulaw2alaw(0xff), 0xd5);
	assert_int_equal(g711_ulaw2lin(g711_alaw2ulaw(0xd5)), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_all_codes),
		cmocka_unit_test(test_round_trip_all_codes),
		cmocka_unit_test(test_encode_all_samples),
		cmocka_unit_test(test_known_points),
		cmocka_unit_test(test_conversion_table_rows),
		cmocka_unit_test(test_conversion_all_codes),
		cmocka_unit_test(test_conversion_properties),
		cmocka_unit_test(test_conversion_buffers),
		cmocka_unit_test(test_milliwatt),
		cmocka_unit_test(test_silence),
	};

	return cmocka_run_group_tests_name("g711", tests, NULL, NULL);
}
