// SPDX-License-Identifier: GPL-2.0-only
/* G.711 Appendix I packet loss concealment: continuity, bounds, decay, pitch repetition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plc.h"
#include "dsp_signals.h"

#define N 16000
static double acc[N];
static int16_t in[N], out[N];

enum sig { SIG_SINE_200, SIG_SINE_123, SIG_VOWEL_LOW, SIG_VOWEL_HIGH, SIG_NOISE };

struct plc_case {
	const char *name;
	enum sig sig;
	size_t frame;	  /* samples */
	unsigned lost_at; /* first lost frame */
	unsigned nlost;	  /* frames lost */
};

static const struct plc_case cases[] = {
	{"G.711 App. I: 1 x 20 ms lost, 200 Hz sine", SIG_SINE_200, 160, 20, 1},
	{"G.711 App. I: 1 x 20 ms lost, 123 Hz sine", SIG_SINE_123, 160, 20, 1},
	{"G.711 App. I: 1 x 10 ms lost, vowel 100 Hz", SIG_VOWEL_LOW, 80, 40, 1},
	{"G.711 App. I: 2 x 20 ms lost, vowel 100 Hz", SIG_VOWEL_LOW, 160, 20, 2},
	{"G.711 App. I: 3 x 20 ms lost, vowel 220 Hz", SIG_VOWEL_HIGH, 160, 20, 3},
	{"G.711 App. I: 5 x 20 ms lost (silence), vowel", SIG_VOWEL_LOW, 160, 20, 5},
	{"G.711 App. I: 7 x 10 ms lost, vowel 220 Hz", SIG_VOWEL_HIGH, 80, 30, 7},
	{"G.711 App. I: 1 x 30 ms lost, noise", SIG_NOISE, 240, 10, 1},
	{"G.711 App. I: 4 x 5 ms lost, 200 Hz sine", SIG_SINE_200, 40, 100, 4},
};

static void make(enum sig s)
{
	static const double fa[3] = {730, 1090, 2440};
	size_t i;

	memset(acc, 0, sizeof(acc));
	sig_seed = 3;
	switch (s) {
	case SIG_SINE_200:
		sig_add(acc, N, 0, N, 200, 10000);
		break;
	case SIG_SINE_123:
		sig_add(acc, N, 0, N, 123, 10000);
		break;
	case SIG_VOWEL_LOW:
		sig_vowel(acc, N, 100, 110, fa, -10);
		break;
	case SIG_VOWEL_HIGH:
		sig_vowel(acc, N, 220, 200, fa, -10);
		break;
	case SIG_NOISE:
		sig_noise(acc, N, 3000);
		break;
	}
	sig_to16(acc, in, N);
	(void)i;
}

static void test_table(void **state)
{
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct plc_case *t = &cases[c];
		struct plc p;
		size_t f, i, nf = N / t->frame, l0 = t->lost_at * t->frame,
			     l1 = (t->lost_at + t->nlost) * t->frame;
		int maxin = 0, maxstep = 0, edgestep = 0;

		make(t->sig);
		plc_init(&p);
		memcpy(out, in, sizeof(in));
		for (f = 0; f < nf; f++) {
			int16_t *s = out + f * t->frame;

			if (f >= t->lost_at && f < t->lost_at + t->nlost)
				plc_conceal(&p, s, t->frame);
			else
				plc_good(&p, s, t->frame);
		}
		for (i = 1; i < N; i++) {
			int d = abs(in[i] - in[i - 1]);

			if (abs(in[i]) > maxin)
				maxin = abs(in[i]);
			if (d > maxstep)
				maxstep = d;
		}
		/* good audio before the loss untouched; after the end OLA too */
		assert_memory_equal(out, in, l0 * sizeof(int16_t));
		assert_memory_equal(out + l1 + t->frame, in + l1 + t->frame,
				    (N - l1 - t->frame) * sizeof(int16_t));
		/* bounded */
		for (i = l0; i < l1 + t->frame; i++)
			assert_true(abs(out[i]) <= maxin * 11 / 10);
		/* continuous: at each frame edge of and after the loss, no step larger
		 * than the signal's own largest, plus 30% for the noise case */
		for (i = l0; i <= l1 + t->frame; i += t->frame) {
			int d = abs(out[i] - out[i - 1]);

			if (d > edgestep)
				edgestep = d;
		}
		printf("%-48s edge step %5d, signal step %5d\n", t->name, edgestep, maxstep);
		assert_true(edgestep <= maxstep * 13 / 10);
		/* silent from 60 ms into the loss */
		for (i = l0 + 480; i < l1; i++)
			assert_int_equal(out[i], 0);
	}
}

/* a periodic signal is continued by its period for the first 10 ms */
static void test_pitch_repetition(void **state)
{
	struct plc p;
	size_t i;
	double err = 0, pw = 0;

	make(SIG_SINE_200);
	plc_init(&p);
	memcpy(out, in, sizeof(in));
	for (i = 0; i < 1600; i += 160)
		plc_good(&p, out + i, 160);
	plc_conceal(&p, out + 1600, 80);
	for (i = 1600; i < 1680; i++) {
		err += pow(out[i] - in[i], 2);
		pw += pow(in[i], 2);
	}
	printf("200 Hz continuation SNR %.1f dB\n", 10 * log10(pw / err));
	assert_true(10 * log10(pw / err) > 30);
}

/* attenuation: 20% per 10 ms after the first 10 ms */
static void test_attenuation(void **state)
{
	struct plc p;
	size_t i, k;

	make(SIG_SINE_200);
	plc_init(&p);
	memcpy(out, in, sizeof(in));
	for (i = 0; i < 1600; i += 160)
		plc_good(&p, out + i, 160);
	plc_conceal(&p, out + 1600, 480);
	for (k = 1; k < 6; k++) {
		double e0 = 0, ek = 0, ratio, expect;

		for (i = 0; i < 40; i++) { /* whole periods */
			e0 += pow(out[1600 + 20 + i], 2);
			ek += pow(out[1600 + k * 80 + 20 + i], 2);
		}
		ratio = sqrt(ek / e0);
		expect = 1.0 - 0.2 * (k - 1) - 0.0025 * 40; /* mid-window gain */
		printf("10 ms step %zu: gain %.3f (expected %.3f)\n", k, ratio, expect);
		assert_true(fabs(ratio - expect) < 0.05);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_pitch_repetition),
		cmocka_unit_test(test_attenuation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
