// SPDX-License-Identifier: GPL-2.0-only
/*
 * audiocmp: exact checks on recorded G.711 audio.
 *   audiocmp SENT RECV [--via-alaw]   SENT appears in RECV, contiguous and
 *                                     byte for byte (after mu-law -> A-law
 *                                     -> mu-law when --via-alaw)
 *   audiocmp --milliwatt alaw|ulaw RECV MINBYTES
 *                                     RECV holds MINBYTES of the digital
 *                                     milliwatt sequence, in phase
 */
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

int main(int argc, char **argv)
{
	uint8_t *s, *r;
	size_t slen, rlen, i;

	if (argc == 5 && !strcmp(argv[1], "--milliwatt"))
		return milliwatt(argv[2], argv[3], (size_t)atol(argv[4]));
	if (argc < 3) {
		fprintf(stderr, "usage: audiocmp SENT RECV [--via-alaw] | --milliwatt LAW RECV MIN\n");
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
