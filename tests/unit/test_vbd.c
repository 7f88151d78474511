// SPDX-License-Identifier: GPL-2.0-only
/*
 * Voice-band data detector against synthesised fax and modem signals (T.30
 * CNG, V.25 ANS and /ANS, V.8 ANSam, V.21 channel 2 flags), row by row: the
 * signal reported, when, and nothing for speech, music, DTMF and noise.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "dsp_signals.h"
#include "vbd.h"

#define SIG_MAX (8000 * 8)
static double acc[SIG_MAX];
static int16_t pcm[SIG_MAX];

struct found {
	int n;
	enum vbd_signal sig[8];
	uint32_t at[8];
};

static void detect(size_t n, size_t frame, struct found *f)
{
	struct vbd_det d;
	size_t i;

	memset(f, 0, sizeof(*f));
	sig_to16(acc, pcm, n);
	vbd_det_init(&d);
	for (i = 0; i < n; i += frame) {
		struct vbd_event ev[4];
		int k = vbd_det_process(&d, pcm + i, n - i < frame ? n - i : frame, ev, 4), j;

		assert_true(k >= 0 && k <= 2);
		for (j = 0; j < k && f->n < 8; j++, f->n++) {
			f->sig[f->n] = ev[j].sig;
			f->at[f->n] = ev[j].sample;
		}
	}
}

/* 2100 Hz with a phase reversal every rev_ms (0: none), optionally 15% AM at 15 Hz (ANSam) */
static void ans(size_t start, size_t len, double hz, double dbm0, unsigned rev_ms, bool am)
{
	double amp = sig_dbm0(dbm0), ph = 0.0;
	size_t i;

	for (i = 0; i < len && start + i < SIG_MAX; i++) {
		double env = am ? 1.0 + 0.2 * sin(2.0 * M_PI * 15.0 * (double)i / DSP_RATE) : 1.0;

		if (rev_ms && i && i % (rev_ms * 8) == 0)
			ph += M_PI;
		acc[start + i] += amp * env * sin(2.0 * M_PI * hz * (double)i / DSP_RATE + ph + 0.3);
	}
}

/* T.30 CNG: 1100 Hz, 0.5 s on, 3 s off */
static void cng(size_t n, double hz, double dbm0, unsigned on_ms)
{
	size_t t;

	for (t = 0; t < n; t += 3500 * 8)
		sig_add(acc, n, t, on_ms * 8, hz, sig_dbm0(dbm0));
}

/* V.21 channel 2 FSK at 300 bit/s, continuous phase: mark (1) 1650 Hz, space 1850 Hz */
static void v21(size_t start, size_t n, const uint8_t *bytes, size_t nbytes, double dbm0)
{
	double amp = sig_dbm0(dbm0), ph = 0.0;
	size_t i;

	for (i = 0; start + i < n; i++) {
		size_t bitno = i * 300 / DSP_RATE, byte = bitno / 8;
		int bit;

		if (byte >= nbytes)
			break;
		bit = (bytes[byte] >> (bitno % 8)) & 1; /* LSB first */
		ph += 2.0 * M_PI * (bit ? 1650.0 : 1850.0) / DSP_RATE;
		acc[start + i] += amp * sin(ph);
	}
}

struct row {
	const char *name;
	void (*make)(size_t n);
	size_t n;
	enum vbd_signal want[3]; /* in order, VBD_NONE-terminated */
	unsigned min_ms, max_ms; /* when the first one is reported */
	unsigned min2_ms, max2_ms; /* and the second */
};

static void mk_ans(size_t n) { ans(0, n, 2100, -12, 0, false); }
static void mk_ans_quiet(size_t n) { ans(0, n, 2100, -38, 0, false); }
static void mk_ans_low(size_t n) { ans(0, n, 2079, -12, 0, false); }
static void mk_ans_high(size_t n) { ans(0, n, 2121, -12, 0, false); }
static void mk_ans_pr(size_t n) { ans(0, n, 2100, -12, 450, false); }
static void mk_ans_pr_mid(size_t n) { ans(0, n, 2100, -12, 455, false); }
static void mk_ans_pr_off(size_t n) { ans(0, n, 2115, -12, 450, false); }
static void mk_ansam_pr(size_t n) { ans(0, n, 2100, -12, 450, true); }
static void mk_ans_noisy(size_t n)
{
	ans(0, n, 2100, -12, 450, false);
	sig_noise(acc, n, DSP_DBM0_RMS * pow(10.0, -32.0 / 20.0)); /* 20 dB SNR */
}
static void mk_ans_short(size_t n) { ans(0, 300 * 8, 2100, -12, 0, false); }
static void mk_ans_far(size_t n) { ans(0, n, 2200, -12, 0, false); }
static void mk_cng(size_t n) { cng(n, 1100, -15, 500); }
static void mk_cng_short(size_t n) { cng(n, 1100, -15, 250); }
static void mk_cng_after_speech(size_t n)
{
	const char *name;

	sig_talkoff(0, acc, &name);
	memset(acc + 8000, 0, (n - 8000) * sizeof(acc[0]));
	sig_add(acc, n, 16000, 4000, 1100, sig_dbm0(-20));
}

static const uint8_t flags[40] = {
	0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e,
	0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e,
	0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e,
};
static void mk_v21(size_t n) { v21(0, n, flags, sizeof(flags), -12); }
static void mk_v21_noisy(size_t n)
{
	v21(0, n, flags, sizeof(flags), -12);
	sig_noise(acc, n, DSP_DBM0_RMS * pow(10.0, -30.0 / 20.0));
}
static void mk_v21_data(size_t n)
{
	uint8_t data[40];
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x35 + 37 * i); /* never 0x7e in any alignment below */
	for (i = 0; i < sizeof(data); i++)
		if (data[i] == 0x7e || data[i] == 0x3f || data[i] == 0xfc)
			data[i] = 0x55;
	v21(0, n, data, sizeof(data), -12);
}
static void mk_fax_call(size_t n)
{
	/* answering fax: CED 2.6 s, 75 ms silence, then the V.21 preamble */
	ans(0, 2600 * 8, 2100, -10, 0, false);
	v21(2675 * 8, n, flags, sizeof(flags), -12);
}
static void mk_silence(size_t n) { (void)n; }
static void mk_noise(size_t n) { sig_noise(acc, n, DSP_DBM0_RMS * pow(10.0, -10.0 / 20.0)); }
static void mk_dtmf(size_t n)
{
	size_t t;

	for (t = 0; t + 800 < n; t += 1600)
		sig_dtmf(acc, n, t, 800, 697, 1209, -10, -8);
}

static const struct row rows[] = {
	{"ANS 2100 Hz -12 dBm0", mk_ans, 16000, {VBD_ANS}, 400, 420, 0, 0},
	{"ANS at -38 dBm0", mk_ans_quiet, 16000, {VBD_ANS}, 400, 420, 0, 0},
	{"ANS 21 Hz low", mk_ans_low, 16000, {VBD_ANS}, 400, 420, 0, 0},
	{"ANS 21 Hz high", mk_ans_high, 16000, {VBD_ANS}, 400, 420, 0, 0},
	{"/ANS: reversals every 450 ms", mk_ans_pr, 24000, {VBD_ANS, VBD_ANS_PR}, 400, 420, 450, 480},
	{"/ANS reversing mid-block (455 ms)", mk_ans_pr_mid, 24000, {VBD_ANS, VBD_ANS_PR}, 400, 420, 455, 480},
	{"/ANS 15 Hz off frequency", mk_ans_pr_off, 24000, {VBD_ANS, VBD_ANS_PR}, 400, 420, 450, 480},
	{"ANSam: reversals and AM", mk_ansam_pr, 24000, {VBD_ANS, VBD_ANS_PR}, 400, 420, 450, 480},
	{"/ANS at 20 dB SNR", mk_ans_noisy, 24000, {VBD_ANS, VBD_ANS_PR}, 400, 420, 450, 480},
	{"2100 Hz for 300 ms only", mk_ans_short, 16000, {VBD_NONE}, 0, 0, 0, 0},
	{"2200 Hz is not ANS", mk_ans_far, 16000, {VBD_NONE}, 0, 0, 0, 0},
	{"CNG 1100 Hz 0.5 s / 3 s: each burst", mk_cng, 32000, {VBD_CNG, VBD_CNG}, 350, 360, 3850, 3860},
	{"1100 Hz bursts of 250 ms", mk_cng_short, 32000, {VBD_NONE}, 0, 0, 0, 0},
	{"CNG-like 500 ms after speech", mk_cng_after_speech, 24000, {VBD_CNG}, 2350, 2360, 0, 0},
	{"V.21 flags", mk_v21, 32000, {VBD_V21}, 80, 200, 0, 0},
	{"V.21 flags at 18 dB SNR", mk_v21_noisy, 32000, {VBD_V21}, 80, 200, 0, 0},
	{"V.21 data without flags", mk_v21_data, 32000, {VBD_NONE}, 0, 0, 0, 0},
	{"fax answer: CED then V.21", mk_fax_call, 48000, {VBD_ANS, VBD_V21}, 400, 420, 2780, 2800},
	{"silence", mk_silence, 16000, {VBD_NONE}, 0, 0, 0, 0},
	{"white noise -10 dBm0", mk_noise, 32000, {VBD_NONE}, 0, 0, 0, 0},
	{"DTMF 1 repeated", mk_dtmf, 32000, {VBD_NONE}, 0, 0, 0, 0},
};

static void test_rows(void **state)
{
	static const size_t frames[] = {160, 80, 7};
	size_t r, fi;

	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		for (fi = 0; fi < 3; fi++) {
			const struct row *w = &rows[r];
			struct found f;
			int k;

			memset(acc, 0, sizeof(acc));
			sig_seed = 1;
			w->make(w->n);
			detect(w->n, frames[fi], &f);
			print_message("%-32s frame %3zu: %d events%s%s @%u ms\n", w->name, frames[fi],
				      f.n, f.n ? " " : "", f.n ? vbd_signal_name(f.sig[0]) : "",
				      f.n ? f.at[0] / 8 : 0);
			for (k = 0; k < 3 && w->want[k] != VBD_NONE; k++) {
				assert_true(k < f.n);
				assert_string_equal(vbd_signal_name(f.sig[k]),
						    vbd_signal_name(w->want[k]));
			}
			assert_int_equal(f.n, k);
			if (k)
				assert_in_range(f.at[0] / 8, w->min_ms, w->max_ms);
			if (k > 1) {
				print_message("%-32s frame %3zu: then %s @%u ms\n", w->name, frames[fi],
					      vbd_signal_name(f.sig[1]), f.at[1] / 8);
				assert_in_range(f.at[1] / 8, w->min2_ms, w->max2_ms);
			}
		}
	}
}

/* the talk-off set (speech-like and music-like signals): no fax or modem */
static void test_talkoff(void **state)
{
	const char *name;
	int i, total = 0;

	for (i = 0;; i++) {
		struct found f;

		memset(acc, 0, sizeof(acc));
		if (sig_talkoff(i, acc, &name) < 0)
			break;
		detect(SIG_MAX, 160, &f);
		if (f.n)
			print_message("talk-off %s: %s\n", name, vbd_signal_name(f.sig[0]));
		total += f.n;
	}
	print_message("talk-off: %d signals, %d false detections\n", i, total);
	assert_true(i > 10);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_talkoff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
