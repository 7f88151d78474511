// SPDX-License-Identifier: GPL-2.0-only
/* DTMF detector and generator against synthesised signals, row by row (Q.23, Q.24). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtmf.h"
#include "dsp_signals.h"

#define SIG_MAX 24000
static double acc[SIG_MAX];
static int16_t pcm[SIG_MAX];

struct run {
	int nstart, nend;
	char digits[32]; /* started digits, in order */
	struct dtmf_event ev[64];
	int nev;
	bool active_at_end;
};

/* feed n samples in frames of `frame` samples */
static void detect(const int16_t *s, size_t n, size_t frame, struct run *r)
{
	struct dtmf_det d;
	size_t i;

	memset(r, 0, sizeof(*r));
	dtmf_det_init(&d);
	for (i = 0; i < n; i += frame) {
		struct dtmf_event ev[8];
		size_t m = n - i < frame ? n - i : frame;
		int k, j;

		k = dtmf_det_process(&d, s + i, m, ev, 8);
		for (j = 0; j < k && r->nev < 64; j++) {
			r->ev[r->nev++] = ev[j];
			if (ev[j].end) {
				r->nend++;
			} else if (r->nstart < 31) {
				r->digits[r->nstart++] = ev[j].digit;
			}
		}
	}
	r->active_at_end = dtmf_det_active(&d);
}

static const char keys[] = "123A456B789C*0#D";

/* --- every digit ------------------------------------------------------------ */

static void test_all_digits(void **state)
{
	int k;

	for (k = 0; k < 16; k++) {
		unsigned lo, hi;
		struct run r;

		assert_int_equal(dtmf_freqs(keys[k], &lo, &hi), 0);
		memset(acc, 0, sizeof(acc));
		sig_dtmf(acc, 4000, 800, 800, lo, hi, -10, -10);
		sig_to16(acc, pcm, 4000);
		detect(pcm, 4000, 160, &r);
		printf("Q.23 digit %c (%u+%u Hz): %d start, %d end\n", keys[k], lo, hi, r.nstart,
		       r.nend);
		assert_int_equal(r.nstart, 1);
		assert_int_equal(r.nend, 1);
		assert_false(r.active_at_end);
		assert_int_equal(r.ev[0].digit, keys[k]);
		assert_false(r.ev[0].end);
		assert_true(r.ev[1].end);
		/* start 800, end 1600: within 8 ms each, the duration within 12 ms */
		assert_in_range(r.ev[0].sample, 800 - 64, 800 + 64);
		assert_in_range(r.ev[1].sample, 1600 - 64, 1600 + 64);
		assert_in_range(r.ev[1].duration, 800 - 96, 800 + 96);
		assert_in_range(r.ev[0].level_dbm0 + 20, 20 - 10 - 2, 20 - 10 + 1);
	}
}

/* --- table of single-tone cases -------------------------------------------- */

struct tone_case {
	const char *name;
	char digit;
	unsigned ms;
	double ofs_lo, ofs_hi; /* relative frequency offsets */
	double lo_dbm0, hi_dbm0;
	double snr_db; /* 0: no noise */
	int hits;      /* digits expected, at every alignment tried */
};

static const struct tone_case tone_cases[] = {
	/* Q.24 duration: accept >= 40 ms, reject < 23 ms */
	{"Q.24 duration 20 ms rejected", '5', 20, 0, 0, -10, -10, 0, 0},
	{"Q.24 duration 23 ms rejected", '5', 23, 0, 0, -10, -10, 0, 0},
	{"Q.24 duration 40 ms accepted", '5', 40, 0, 0, -10, -10, 0, 1},
	{"Q.24 duration 45 ms accepted", '5', 45, 0, 0, -10, -10, 0, 1},
	{"Q.24 duration 2 s accepted once", '#', 2000, 0, 0, -10, -10, 0, 1},
	/* Q.24 twist: 8 dB normal (high group weaker), 4 dB reverse */
	{"Q.24 twist normal 8 dB accepted", '9', 60, 0, 0, -8, -16, 0, 1},
	{"Q.24 twist reverse 4 dB accepted", '9', 60, 0, 0, -14, -10, 0, 1},
	{"Q.24 twist normal 10 dB rejected", '9', 60, 0, 0, -8, -18, 0, 0},
	{"Q.24 twist reverse 6 dB rejected", '9', 60, 0, 0, -16, -10, 0, 0},
	/* Q.24 frequency: accept +/-1.5%, reject +/-3.5% */
	{"Q.24 frequency +1.5% accepted", '1', 60, 0.015, 0.015, -10, -10, 0, 1},
	{"Q.24 frequency -1.5% accepted", '1', 60, -0.015, -0.015, -10, -10, 0, 1},
	{"Q.24 frequency +1.5%/-1.5% accepted", 'D', 60, 0.015, -0.015, -10, -10, 0, 1},
	{"Q.24 frequency -1.5%/+1.5% accepted", '0', 60, -0.015, 0.015, -10, -10, 0, 1},
	{"Q.24 frequency +3.5% rejected", '1', 60, 0.035, 0.035, -10, -10, 0, 0},
	{"Q.24 frequency -3.5% rejected", '1', 60, -0.035, -0.035, -10, -10, 0, 0},
	{"Q.24 frequency low +3.5% rejected", '5', 60, 0.035, 0, -10, -10, 0, 0},
	{"Q.24 frequency high -3.5% rejected", 'D', 60, 0, -0.035, -10, -10, 0, 0},
	/* level: accept down to -30 dBm0 per frequency, reject below -36 */
	{"Q.24 level -30 dBm0 accepted", '7', 60, 0, 0, -30, -30, 0, 1},
	{"Q.24 level -40 dBm0 rejected", '7', 60, 0, 0, -40, -40, 0, 0},
	{"Q.24 level -3 dBm0 accepted", '7', 60, 0, 0, -3, -3, 0, 1},
	/* white noise over 0-4 kHz, SNR against the two tones' total power */
	{"noise SNR 30 dB accepted", '3', 60, 0, 0, -10, -10, 30, 1},
	{"noise SNR 20 dB accepted", '3', 60, 0, 0, -10, -10, 20, 1},
	{"noise SNR 15 dB accepted", '3', 60, 0, 0, -10, -10, 15, 1},
	{"noise SNR 12 dB accepted", '*', 60, 0, 0, -10, -10, 12, 1},
	{"noise SNR 12 dB, twist 6 dB accepted", '8', 60, 0, 0, -10, -16, 12, 1},
};

static void test_tone_table(void **state)
{
	size_t i;
	unsigned align;

	for (i = 0; i < sizeof(tone_cases) / sizeof(tone_cases[0]); i++) {
		const struct tone_case *c = &tone_cases[i];
		unsigned lo, hi;
		size_t len = c->ms * 8u, n = 800 + len + 1600;

		assert_int_equal(dtmf_freqs(c->digit, &lo, &hi), 0);
		/* the tone at 11 positions against the detector's 51-sample grid */
		for (align = 0; align <= 50; align += 5) {
			struct run r;

			memset(acc, 0, sizeof(acc));
			sig_seed = 1 + align;
			sig_dtmf(acc, n, 800 + align, len, lo * (1 + c->ofs_lo),
				 hi * (1 + c->ofs_hi), c->lo_dbm0, c->hi_dbm0);
			if (c->snr_db > 0) {
				double p = (pow(sig_dbm0(c->lo_dbm0), 2) +
					    pow(sig_dbm0(c->hi_dbm0), 2)) /
					   2;

				sig_noise(acc, n, sqrt(p / pow(10, c->snr_db / 10)));
			}
			sig_to16(acc, pcm, n);
			detect(pcm, n, 160, &r);
			if (r.nstart != c->hits || r.nend != c->hits ||
			    (c->hits && r.digits[0] != c->digit))
				fail_msg("%s (align %u): %d digits (%.1s), expected %d", c->name,
					 align, r.nstart, r.digits, c->hits);
		}
		printf("%-44s ok\n", c->name);
	}
}

/* Q.24 twist limits for every digit at the shortest duration, every alignment */
static void test_twist_all_digits(void **state)
{
	static const struct {
		const char *name;
		double lo, hi;
		int hits;
	} tw[] = {
		{"Q.24 twist normal 8 dB, 40 ms", -8, -16, 1},
		{"Q.24 twist reverse 4 dB, 40 ms", -14, -10, 1},
		{"Q.24 twist normal 10 dB, 40 ms", -8, -18, 0},
		{"Q.24 twist reverse 6 dB, 40 ms", -16, -10, 0},
	};
	size_t t;
	int k;
	unsigned align;

	for (t = 0; t < sizeof(tw) / sizeof(tw[0]); t++) {
		for (k = 0; k < 16; k++) {
			unsigned lo, hi;

			dtmf_freqs(keys[k], &lo, &hi);
			for (align = 0; align <= 50; align += 5) {
				struct run r;

				memset(acc, 0, sizeof(acc));
				sig_dtmf(acc, 3000, 800 + align, 320, lo, hi, tw[t].lo, tw[t].hi);
				sig_to16(acc, pcm, 3000);
				detect(pcm, 3000, 160, &r);
				if (r.nstart != tw[t].hits)
					fail_msg("%s, digit %c, align %u: %d digits", tw[t].name,
						 keys[k], align, r.nstart);
			}
		}
		printf("%-44s ok (16 digits x 11 alignments)\n", tw[t].name);
	}
}

/* the don't-care band (23-40 ms): never more than one digit, either way */
static void test_duration_30ms(void **state)
{
	unsigned lo, hi, align;
	int hits = 0;

	dtmf_freqs('5', &lo, &hi);
	for (align = 0; align <= 50; align += 5) {
		struct run r;

		memset(acc, 0, sizeof(acc));
		sig_dtmf(acc, 4000, 800 + align, 240, lo, hi, -10, -10);
		sig_to16(acc, pcm, 4000);
		detect(pcm, 4000, 160, &r);
		assert_in_range(r.nstart, 0, 1);
		hits += r.nstart;
	}
	printf("Q.24 duration 30 ms (don't care): %d of 11 alignments accepted\n", hits);
}

/* --- sequences: pauses --------------------------------------------------- */

struct seq_case {
	const char *name;
	const char *digits;
	unsigned on_ms, off_ms;
	const char *expect;
};

static const struct seq_case seq_cases[] = {
	{"Q.24 40 ms on / 40 ms off, all 16", "123A456B789C*0#D", 40, 40, "123A456B789C*0#D"},
	{"Q.24 repeated digit, 40 ms pauses", "55555", 45, 40, "55555"},
	{"Q.24 100 ms on / 100 ms off", "0123456789", 100, 100, "0123456789"},
	{"Q.24 20 ms on / 40 ms off rejected", "1234", 20, 40, ""},
	{"Q.24 no pause between digits", "19", 60, 0, "19"},
};

static void test_sequences(void **state)
{
	size_t i, frame;

	for (i = 0; i < sizeof(seq_cases) / sizeof(seq_cases[0]); i++) {
		const struct seq_case *c = &seq_cases[i];
		struct dtmf_gen g;
		const char *p;
		size_t n;

		dtmf_gen_init(&g);
		memset(pcm, 0, sizeof(pcm));
		for (p = c->digits; *p; p++)
			assert_int_equal(dtmf_gen_start(&g, *p, c->on_ms, c->off_ms, -10), 0);
		n = 400 + dtmf_gen_fill(&g, pcm + 400, SIG_MAX - 2000) + 1200;
		assert_false(dtmf_gen_busy(&g));
		/* any frame size gives the same result */
		for (frame = 1; frame <= 8000; frame = frame < 160 ? frame * 4 + 3 : frame * 50) {
			struct run r;

			detect(pcm, n, frame, &r);
			r.digits[r.nstart] = 0;
			if (strcmp(r.digits, c->expect) || r.nend != r.nstart)
				fail_msg("%s, %zu-sample frames: got '%s', expected '%s'", c->name,
					 frame, r.digits, c->expect);
		}
		printf("%-44s ok\n", c->name);
	}
}

/* a 10 ms interruption is bridged */
static void test_interruption(void **state)
{
	struct run r;
	unsigned lo, hi;

	dtmf_freqs('6', &lo, &hi);
	memset(acc, 0, sizeof(acc));
	sig_dtmf(acc, 6000, 800, 480, lo, hi, -10, -10);
	sig_dtmf(acc, 6000, 800 + 480 + 80, 480, lo, hi, -10, -10);
	sig_to16(acc, pcm, 6000);
	detect(pcm, 6000, 160, &r);
	assert_int_equal(r.nstart, 1);
	assert_int_equal(r.nend, 1);
}

/* --- talk-off ------------------------------------------------------------ */

static void test_talkoff(void **state)
{
	const char *name;
	int i, total = 0;

	for (i = 0; sig_talkoff(i, acc, &name) == 0; i++) {
		struct run r;

		sig_to16(acc, pcm, TALKOFF_LEN);
		detect(pcm, TALKOFF_LEN, 160, &r);
		if (r.nstart)
			fail_msg("talk-off signal %d (%s): detected '%.*s'", i, name, r.nstart,
				 r.digits);
		total++;
	}
	printf("talk-off: %d signals, 0 false detections\n", total);
	assert_true(total >= 70);
}

/* --- generator ----------------------------------------------------------- */

/* amplitude of frequency f in s (Goertzel over the whole buffer) */
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

static void test_generator(void **state)
{
	static const struct {
		int level;
	} levels[] = {{-10}, {-3}, {-20}, {-40}};
	size_t k, l, i;

	for (k = 0; k < 16; k++) {
		for (l = 0; l < 4; l++) {
			struct dtmf_gen g;
			unsigned lo, hi;
			double a = sig_dbm0(levels[l].level);
			size_t n;

			dtmf_gen_init(&g);
			dtmf_freqs(keys[k], &lo, &hi);
			assert_int_equal(dtmf_gen_start(&g, keys[k], 1000, 50, levels[l].level), 0);
			assert_true(dtmf_gen_busy(&g));
			pcm[8400] = 1234;
			n = dtmf_gen_fill(&g, pcm, 9000);
			assert_int_equal(n, 8400); /* exact cadence, then untouched */
			assert_int_equal(pcm[8400], 1234);
			assert_false(dtmf_gen_busy(&g));
			for (i = 8000; i < 8400; i++)
				assert_int_equal(pcm[i], 0);
			/* Q.23 frequencies exactly, each at the level within 0.1 dB */
			assert_true(fabs(20 * log10(goertzel_amp(pcm, 8000, lo) / a)) < 0.1);
			assert_true(fabs(20 * log10(goertzel_amp(pcm, 8000, hi) / a)) < 0.1);
			/* 1 Hz off is a null of the 1 s window: any error would fill it */
			assert_true(goertzel_amp(pcm, 8000, lo + 1) < a * 0.005);
			assert_true(goertzel_amp(pcm, 8000, hi - 1) < a * 0.005);
		}
	}
}

static void test_generator_errors(void **state)
{
	struct dtmf_gen g;
	int i;

	dtmf_gen_init(&g);
	assert_int_equal(dtmf_gen_start(&g, 'x', 100, 100, -10), -EINVAL);
	assert_int_equal(dtmf_gen_start(&g, '1', 100, 100, 0), -EINVAL);
	for (i = 0; i < DTMF_GEN_QUEUE; i++)
		assert_int_equal(dtmf_gen_start(&g, 'a', 10, 10, -10), 0);
	assert_int_equal(dtmf_gen_start(&g, '1', 100, 100, -10), -ENOSPC);
	dtmf_gen_stop(&g);
	assert_false(dtmf_gen_busy(&g));
	assert_int_equal(dtmf_gen_fill(&g, pcm, 100), 0);
}

/* dtmf_det_active is on while the digit is, for muting */
static void test_active(void **state)
{
	struct dtmf_det d;
	struct dtmf_event ev[8];
	unsigned lo, hi;
	size_t i;
	int on_frames = 0;

	dtmf_freqs('2', &lo, &hi);
	memset(acc, 0, sizeof(acc));
	sig_dtmf(acc, 8000, 800, 1600, lo, hi, -10, -10);
	sig_to16(acc, pcm, 8000);
	dtmf_det_init(&d);
	for (i = 0; i < 8000; i += 160) {
		dtmf_det_process(&d, pcm + i, 160, ev, 8);
		if (dtmf_det_active(&d))
			on_frames++;
		if (i >= 1200 && i < 2400) {
			assert_true(dtmf_det_active(&d));
			assert_int_equal(dtmf_det_digit(&d), '2');
			assert_true(dtmf_det_duration(&d) > 0);
		}
		if (i >= 3000)
			assert_false(dtmf_det_active(&d));
	}
	assert_in_range(on_frames, 9, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_digits),	 cmocka_unit_test(test_tone_table),
		cmocka_unit_test(test_twist_all_digits), cmocka_unit_test(test_duration_30ms),
		cmocka_unit_test(test_sequences),	 cmocka_unit_test(test_interruption),
		cmocka_unit_test(test_talkoff),		 cmocka_unit_test(test_generator),
		cmocka_unit_test(test_generator_errors), cmocka_unit_test(test_active),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
