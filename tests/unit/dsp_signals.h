/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synthetic test signals for the DTMF detector, shared by its unit test and
 * the bench tool: tones with twist, offsets and noise, and a talk-off set
 * of speech-like and music-like signals. Deterministic (own LCG).
 */
#ifndef PRIGATE_DSP_SIGNALS_H
#define PRIGATE_DSP_SIGNALS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dsp.h"

static __attribute__((unused)) uint32_t sig_seed = 1;

static __attribute__((unused)) double sig_gauss(void)
{
	double s = 0.0;
	int i;

	for (i = 0; i < 12; i++) {
		sig_seed = sig_seed * 1664525u + 1013904223u;
		s += (sig_seed >> 8) / 16777216.0;
	}
	return s - 6.0;
}

static __attribute__((unused)) double sig_dbm0(double dbm0)
{
	return DSP_DBM0_PEAK * pow(10.0, dbm0 / 20.0);
}

static __attribute__((unused)) void sig_add(double *acc, size_t n, size_t start, size_t len,
					    double f, double amp)
{
	size_t i;

	for (i = 0; i < len && start + i < n; i++)
		acc[start + i] += amp * sin(2.0 * M_PI * f * (double)i / DSP_RATE + 0.3);
}

/* a DTMF digit at frequencies low*(1+ofs), high*(1+ofs) */
static __attribute__((unused)) void sig_dtmf(double *acc, size_t n, size_t start, size_t len,
					     double flo, double fhi, double lo_dbm0, double hi_dbm0)
{
	sig_add(acc, n, start, len, flo, sig_dbm0(lo_dbm0));
	sig_add(acc, n, start, len, fhi, sig_dbm0(hi_dbm0));
}

/* white noise at rms */
static __attribute__((unused)) void sig_noise(double *acc, size_t n, double rms)
{
	size_t i;

	for (i = 0; i < n; i++)
		acc[i] += rms * sig_gauss();
}

static __attribute__((unused)) void sig_to16(const double *acc, int16_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double v = acc[i];

		out[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : lrint(v));
	}
}

/* --- talk-off set ---------------------------------------------------------- */

/* formant resonance weight of harmonic frequency f */
static __attribute__((unused)) double sig_formant(double f, const double *fm)
{
	double w = 0.0;
	int k;

	for (k = 0; k < 3; k++) {
		double d = (f - fm[k]) / (60.0 + 0.06 * fm[k]);

		w += 1.0 / (1.0 + d * d) / (k + 1);
	}
	return w;
}

/* a vowel: harmonics of f0 gliding f0a -> f0b with vibrato, through 3 formants */
static __attribute__((unused)) void sig_vowel(double *acc, size_t n, double f0a, double f0b,
					      const double *fm, double dbm0)
{
	double ph[64] = {0}, amp = sig_dbm0(dbm0);
	size_t i;
	int h;

	for (i = 0; i < n; i++) {
		double t = (double)i / n;
		double f0 =
			(f0a + (f0b - f0a) * t) * (1.0 + 0.02 * sin(2 * M_PI * 5.5 * i / DSP_RATE));
		double v = 0.0;

		for (h = 1; h < 64 && h * f0 < 3600.0; h++) {
			ph[h] += 2.0 * M_PI * h * f0 / DSP_RATE;
			v += sig_formant(h * f0, fm) * sin(ph[h]) / sqrt(h);
		}
		acc[i] += amp * 0.5 * v;
	}
}

/* a linear chirp f1 -> f2, and optionally a second one at ratio r */
static __attribute__((unused)) void sig_chirp(double *acc, size_t n, double f1, double f2, double r,
					      double dbm0)
{
	double ph = 0.0, ph2 = 0.0, amp = sig_dbm0(dbm0);
	size_t i;

	for (i = 0; i < n; i++) {
		double f = f1 + (f2 - f1) * i / n;

		ph += 2.0 * M_PI * f / DSP_RATE;
		ph2 += 2.0 * M_PI * f * r / DSP_RATE;
		acc[i] += amp * (sin(ph) + (r > 0 ? sin(ph2) : 0.0));
	}
}

/* a chord of notes (semitones over root), each with 4 harmonics falling 6 dB each */
static __attribute__((unused)) void sig_chord(double *acc, size_t n, double root, const int *semis,
					      int nnotes, double dbm0)
{
	double amp = sig_dbm0(dbm0);
	int k, h;

	for (k = 0; k < nnotes; k++) {
		double f = root * pow(2.0, semis[k] / 12.0);

		for (h = 1; h <= 4 && h * f < 3800.0; h++)
			sig_add(acc, n, 0, n, h * f, amp / (1 << (h - 1)));
	}
}

#define TALKOFF_LEN 8000 /* 1 s each */

/* fills signal number i of the talk-off set; its name in *name; -1 past the end */
static __attribute__((unused)) int sig_talkoff(int i, double *acc, const char **name)
{
	static const double fa[3] = {730, 1090, 2440}, fi[3] = {270, 2290, 3010},
			    fu[3] = {300, 870, 2240}, fe[3] = {530, 1840, 2480},
			    fo[3] = {570, 840, 2410};
	static const int major[3] = {0, 4, 7}, minor[3] = {0, 3, 7}, seventh[4] = {0, 4, 7, 10},
			 fifth[2] = {0, 7}, octave[2] = {0, 12};
	static const double roots[] = {220.0, 261.63, 293.66, 349.23, 392.0, 440.0, 523.25, 697.0};

	memset(acc, 0, TALKOFF_LEN * sizeof(*acc));
	sig_seed = 7u + (uint32_t)i;
	if (i < 20) { /* vowels, male to female pitch, rising and falling */
		static const double *const vow[5] = {fa, fi, fu, fe, fo};
		static const char *const vn[5] = {"vowel /a/", "vowel /i/", "vowel /u/",
						  "vowel /e/", "vowel /o/"};
		static const double f0s[4][2] = {{90, 140}, {140, 110}, {180, 260}, {300, 220}};

		sig_vowel(acc, TALKOFF_LEN, f0s[i % 4][0], f0s[i % 4][1], vow[i / 4], -12.0);
		*name = vn[i / 4];
		return 0;
	}
	i -= 20;
	if (i < 8) { /* chirps, up and down, single and pairs */
		static const double c[8][3] = {
			{300, 3400, 0},	  {3400, 300, 0},  {600, 1000, 1.7}, {650, 1000, 1.78},
			{1000, 600, 1.9}, {680, 960, 1.6}, {697, 941, 1.73}, {200, 2000, 2.0},
		};

		sig_chirp(acc, TALKOFF_LEN, c[i][0], c[i][1], c[i][2], -12.0);
		*name = c[i][2] > 0 ? "chirp pair" : "chirp";
		return 0;
	}
	i -= 8;
	if (i < 40) { /* chords on 8 roots, 5 shapes */
		static const int *const sh[5] = {major, minor, seventh, fifth, octave};
		static const int nn[5] = {3, 3, 4, 2, 2};
		static const char *const cn[5] = {"major chord", "minor chord", "seventh chord",
						  "fifth", "octave"};

		sig_chord(acc, TALKOFF_LEN, roots[i % 8], sh[i / 8], nn[i / 8], -15.0);
		*name = cn[i / 8];
		return 0;
	}
	i -= 40;
	if (i < 8) { /* a vowel in noise, and noise alone */
		if (i < 4)
			sig_vowel(acc, TALKOFF_LEN, 120.0 + 40 * i, 150.0 + 30 * i, fa, -15.0);
		sig_noise(acc, TALKOFF_LEN, sig_dbm0(-20.0 + 3 * i));
		*name = i < 4 ? "vowel in noise" : "white noise";
		return 0;
	}
	return -1;
}

#endif
