// SPDX-License-Identifier: GPL-2.0-only
/*
 * audiocmp: exact checks on recorded G.711 audio.
 *   audiocmp SENT RECV [--via-alaw]   SENT appears in RECV, contiguous and
 *                                     byte for byte (after mu-law -> A-law
 *                                     -> mu-law when --via-alaw)
 *   audiocmp --milliwatt alaw|ulaw RECV MINBYTES
 *                                     RECV holds MINBYTES of the digital
 *                                     milliwatt sequence, in phase
 *   audiocmp --erle SENT RECV MIN_DB  A-law RECV (an echo of SENT) is at
 *                                     least MIN_DB below SENT in its second
 *                                     half, once a canceller has converged
 *   audiocmp --noise DBM0 SECONDS OUT  write A-law Gaussian white noise at
 *                                     DBM0 (a fixed seed: the same file
 *                                     every time)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "g711.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f) {
		perror(path);
		exit(2);
	}
	buf = malloc(16 << 20);
	*len = fread(buf, 1, 16 << 20, f);
	fclose(f);
	return buf;
}

static int milliwatt(const char *law, const char *path, size_t min)
{
	const uint8_t *mw = g711_milliwatt(!strcmp(law, "ulaw") ? G711_ULAW : G711_ALAW);
	size_t len, i, p, run, best = 0;
	uint8_t *r = slurp(path, &len);

	/* longest stretch that follows the 8-byte cycle, in any phase */
	for (p = 0; p < 8; p++) {
		for (i = 0, run = 0; i < len; i++) {
			run = r[i] == mw[(i + p) % 8] ? run + 1 : 0;
			if (run > best)
				best = run;
		}
	}
	printf("audiocmp: longest milliwatt run %zu bytes of %zu received\n", best, len);
	free(r);
	return best >= min ? 0 : 1;
}

static double energy(const uint8_t *a, size_t n)
{
	double e = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double x = g711_alaw2lin(a[i]);

		e += x * x;
	}
	return e / (double)(n ? n : 1);
}

static int erle(const char *sent, const char *recv, double min_db)
{
	size_t slen, rlen;
	uint8_t *s = slurp(sent, &slen), *r = slurp(recv, &rlen);
	double es = energy(s, slen), er = energy(r + rlen / 2, rlen - rlen / 2);
	double db = er > 0 ? 10 * log10(es / er) : 99;

	printf("audiocmp: echo %.1f dB below the signal in the second half (%zu bytes)\n", db,
	       rlen - rlen / 2);
	free(s);
	free(r);
	return rlen > 1600 && db >= min_db ? 0 : 1;
}

/* 0 dBm0 is a sine of peak 5.6 dB below A-law's overload: RMS 2188 in 16-bit */
static int noise(double dbm0, unsigned secs, const char *out)
{
	double rms = 2188.0 * pow(10.0, dbm0 / 20.0);
	unsigned seed = 1, i, k;
	FILE *f = fopen(out, "wb");

	if (!f) {
		perror(out);
		return 2;
	}
	for (i = 0; i < secs * 8000; i++) {
		double g = -6.0;

		for (k = 0; k < 12; k++) /* Irwin-Hall: close enough to Gaussian */
			g += (double)rand_r(&seed) / RAND_MAX;
		g *= rms;
		if (g > 32767)
			g = 32767;
		if (g < -32768)
			g = -32768;
		fputc(g711_lin2alaw((int16_t)g), f);
	}
	return fclose(f) ? 2 : 0;
}

int main(int argc, char **argv)
{
	uint8_t *s, *r;
	size_t slen, rlen, i;

	if (argc == 5 && !strcmp(argv[1], "--milliwatt"))
		return milliwatt(argv[2], argv[3], (size_t)atol(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "--noise"))
		return noise(atof(argv[2]), (unsigned)atoi(argv[3]), argv[4]);
	if (argc == 5 && !strcmp(argv[1], "--erle"))
		return erle(argv[2], argv[3], atof(argv[4]));
	if (argc < 3) {
		fprintf(stderr, "usage: audiocmp SENT RECV [--via-alaw] | --milliwatt LAW RECV MIN | "
				"--erle SENT RECV MIN_DB | --noise DBM0 SECONDS OUT\n");
		return 2;
	}
	s = slurp(argv[1], &slen);
	r = slurp(argv[2], &rlen);
	if (argc > 3 && !strcmp(argv[3], "--via-alaw"))
		for (i = 0; i < slen; i++)
			s[i] = g711_alaw2ulaw(g711_ulaw2alaw(s[i]));
	for (i = 0; i + slen <= rlen; i++) {
		if (!memcmp(r + i, s, slen)) {
			printf("audiocmp: all %zu bytes found at offset %zu of %zu\n", slen, i, rlen);
			free(s);
			free(r);
			return 0;
		}
	}
	/* report how much of the start matched somewhere, to help debugging */
	{
		size_t best = 0, at = 0, j;

		for (i = 0; i < rlen; i++) {
			for (j = 0; j < slen && i + j < rlen && r[i + j] == s[j]; j++)
				;
			if (j > best)
				best = j, at = i;
		}
		printf("audiocmp: MISMATCH: only the first %zu of %zu bytes found (at %zu of %zu)\n",
		       best, slen, at, rlen);
	}
	free(s);
	free(r);
	return 1;
}
