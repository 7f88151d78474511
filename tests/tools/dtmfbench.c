// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: the DTMF detector's detection table (hits, misses, false
 * detections on the talk-off set, CPU per sample) beside a reference
 * measured in the same run: a textbook Goertzel detector (one bank of
 * 102-sample blocks, two consecutive blocks, energy, twist and relative
 * peak checks; no phase, drift or harmonic checks).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dtmf.h"
#include "../unit/dsp_signals.h"

#define MAXN 24000
static double acc[MAXN];
static int16_t pcm[MAXN];
static const char keys[] = "123A456B789C*0#D";
static const double rowf[4] = {697, 770, 852, 941}, colf[4] = {1209, 1336, 1477, 1633};

/* --- the reference: a plain Goertzel detector -------------------------------- */

struct ref {
	double v1[8], v2[8], e;
	unsigned n;
	char last, cur;
};

static int ref_run(const int16_t *s, size_t n, char *out, int max)
{
	struct ref r;

	memset(&r, 0, sizeof(r));
	int nd = 0, k;
	size_t i;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 8; k++) {
			double c = 2 * cos(2 * M_PI * (k < 4 ? rowf[k] : colf[k - 4]) / DSP_RATE);
			double y = s[i] + c * r.v1[k] - r.v2[k];

			r.v2[k] = r.v1[k];
			r.v1[k] = y;
		}
		r.e += (double)s[i] * s[i];
		if (++r.n < 102)
			continue;
		double p[8];
		int br = 0, bc = 4;
		char hit = 0;

		for (k = 0; k < 8; k++) {
			double c = 2 * cos(2 * M_PI * (k < 4 ? rowf[k] : colf[k - 4]) / DSP_RATE);

			p[k] = r.v1[k] * r.v1[k] + r.v2[k] * r.v2[k] - c * r.v1[k] * r.v2[k];
			r.v1[k] = r.v2[k] = 0;
		}
		for (k = 1; k < 4; k++)
			if (p[k] > p[br])
				br = k;
		for (k = 5; k < 8; k++)
			if (p[k] > p[bc])
				bc = k;
		if (p[br] > 3.4e8 && p[bc] > 3.4e8 && p[br] + p[bc] > 0.5 * r.e * 51 &&
		    p[bc] < p[br] * 2.82 && p[br] < p[bc] * 7.08) {
			hit = keys[br * 4 + bc - 4];
			for (k = 0; k < 8; k++)
				if (k != br && k != bc && p[k] * 6.3 > (k < 4 ? p[br] : p[bc]))
					hit = 0;
		}
		if (hit && hit == r.last && hit != r.cur) {
			if (nd < max)
				out[nd] = hit;
			nd++;
		}
		if (hit == r.last)
			r.cur = hit;
		if (!hit && !r.last)
			r.cur = 0;
		r.last = hit;
		r.n = 0;
		r.e = 0;
	}
	return nd;
}

static int det_run(const int16_t *s, size_t n, char *out, int max)
{
	struct dtmf_det d;
	struct dtmf_event ev[8];
	size_t i;
	int nd = 0, k, j;

	dtmf_det_init(&d);
	for (i = 0; i < n; i += 160) {
		k = dtmf_det_process(&d, s + i, n - i < 160 ? n - i : 160, ev, 8);
		for (j = 0; j < k; j++)
			if (!ev[j].end) {
				if (nd < max)
					out[nd] = ev[j].digit;
				nd++;
			}
	}
	return nd;
}

struct score {
	int hit, miss, wrong;
};

/* one digit: expect it once (want) or not at all */
static void score(struct score *sc, int nd, const char *got, char digit, bool want)
{
	if (want && nd == 1 && got[0] == digit)
		sc->hit++;
	else if (want && nd == 0)
		sc->miss++;
	else if (!want && nd == 0)
		sc->miss++; /* a correct rejection */
	else
		sc->wrong++;
}

struct row {
	const char *name;
	unsigned ms;
	double ofs, lo_db, hi_db, snr;
	bool want;
};

static const struct row rows[] = {
	{"50 ms, -10 dBm0, clean", 50, 0, -10, -10, 0, true},
	{"40 ms (shortest to accept)", 40, 0, -10, -10, 0, true},
	{"-30 dBm0 per frequency", 50, 0, -30, -30, 0, true},
	{"twist 8 dB normal", 50, 0, -8, -16, 0, true},
	{"twist 4 dB reverse", 50, 0, -14, -10, 0, true},
	{"frequency +1.5%", 50, 0.015, -10, -10, 0, true},
	{"frequency -1.5%", 50, -0.015, -10, -10, 0, true},
	{"SNR 20 dB", 50, 0, -10, -10, 20, true},
	{"SNR 15 dB", 50, 0, -10, -10, 15, true},
	{"SNR 12 dB", 50, 0, -10, -10, 12, true},
	{"SNR 9 dB", 50, 0, -10, -10, 9, true},
	{"SNR 6 dB", 50, 0, -10, -10, 6, true},
	{"23 ms (must reject)", 23, 0, -10, -10, 0, false},
	{"frequency +3.5% (must reject)", 50, 0.035, -10, -10, 0, false},
	{"frequency -3.5% (must reject)", 50, -0.035, -10, -10, 0, false},
	{"twist 10 dB normal (must reject)", 50, 0, -8, -18, 0, false},
	{"twist 6 dB reverse (must reject)", 50, 0, -16, -10, 0, false},
};

int main(void)
{
	size_t r;
	int k, a, i;
	const char *name;
	char got[16];
	struct score ts, tr;
	double t0, t_det = 0, t_ref = 0;
	long samples = 0;
	struct timespec ts0, ts1;

	memset(&ts, 0, sizeof(ts));
	memset(&tr, 0, sizeof(tr));

	printf("\nDTMF detection (16 digits x 11 alignments per row; hits/misses/wrong)\n");
	printf("%-36s %16s %16s\n", "signal", "codecs/dtmf.c", "plain Goertzel");
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *w = &rows[r];
		struct score sd, sr;

		memset(&sd, 0, sizeof(sd));
		memset(&sr, 0, sizeof(sr));

		for (k = 0; k < 16; k++) {
			for (a = 0; a <= 50; a += 5) {
				size_t n = 800 + w->ms * 8 + 1200;
				double p;

				memset(acc, 0, n * sizeof(acc[0]));
				sig_seed = (uint32_t)(k * 100 + a + 1);
				sig_dtmf(acc, n, 800 + a, w->ms * 8, rowf[k / 4] * (1 + w->ofs),
					 colf[k % 4] * (1 + w->ofs), w->lo_db, w->hi_db);
				if (w->snr > 0) {
					p = (pow(sig_dbm0(w->lo_db), 2) +
					     pow(sig_dbm0(w->hi_db), 2)) /
					    2;
					sig_noise(acc, n, sqrt(p / pow(10, w->snr / 10)));
				}
				sig_to16(acc, pcm, n);
				clock_gettime(CLOCK_MONOTONIC, &ts0);
				i = det_run(pcm, n, got, 16);
				clock_gettime(CLOCK_MONOTONIC, &ts1);
				t_det += (ts1.tv_sec - ts0.tv_sec) * 1e9 +
					 (ts1.tv_nsec - ts0.tv_nsec);
				score(&sd, i, got, keys[k], w->want);
				clock_gettime(CLOCK_MONOTONIC, &ts0);
				i = ref_run(pcm, n, got, 16);
				clock_gettime(CLOCK_MONOTONIC, &ts1);
				t_ref += (ts1.tv_sec - ts0.tv_sec) * 1e9 +
					 (ts1.tv_nsec - ts0.tv_nsec);
				score(&sr, i, got, keys[k], w->want);
				samples += (long)n;
			}
		}
		printf("%-36s %5d/%4d/%4d  %5d/%4d/%4d\n", w->name, sd.hit, sd.miss, sd.wrong,
		       sr.hit, sr.miss, sr.wrong);
	}
	for (i = 0; sig_talkoff(i, acc, &name) == 0; i++) {
		sig_to16(acc, pcm, TALKOFF_LEN);
		ts.hit += det_run(pcm, TALKOFF_LEN, got, 16);
		tr.hit += ref_run(pcm, TALKOFF_LEN, got, 16);
	}
	printf("%-36s %16d %16d\n", "talk-off false digits", ts.hit, tr.hit);
	printf("%-36s %16d %16d\n", "  (signals: vowels, chirps, chords)", i, i);
	t0 = (double)samples;
	printf("%-36s %16.1f %16.1f\n", "CPU ns per sample", t_det / t0, t_ref / t0);
	printf("(must-reject rows: 'misses' are correct rejections, 'wrong' are false digits)\n");
	return 0;
}
