// SPDX-License-Identifier: GPL-2.0-only
/*
 * G.711 (ITU-T, 11/88): segment coding of 13-bit (A-law) and 14-bit
 * (mu-law) linear samples, and the direct A-law <-> mu-law conversion
 * tables 3 and 4.
 */
#include "g711.h"

#define ALAW_AMI_MASK 0x55
#define ULAW_BIAS 0x84
#define ULAW_CLIP 32635

static int segment(int mag, const int *ends, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (mag <= ends[i])
			return i;
	return n;
}

uint8_t g711_lin2alaw(int16_t pcm)
{
	static const int seg_end[8] = {0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff, 0x3fff, 0x7fff};
	int val = pcm >> 3; /* 13-bit */
	int mask, seg;
	uint8_t aval;

	if (val >= 0) {
		mask = 0xd5; /* sign bit set, even bits inverted */
	} else {
		mask = 0x55;
		val = -val - 1;
	}
	seg = segment(val, seg_end, 8);
	if (seg >= 8)
		return (uint8_t)(0x7f ^ mask);
	aval = (uint8_t)(seg << 4);
	if (seg < 2)
		aval |= (uint8_t)((val >> 1) & 0x0f);
	else
		aval |= (uint8_t)((val >> seg) & 0x0f);
	return aval ^ (uint8_t)mask;
}

int16_t g711_alaw2lin(uint8_t code)
{
	int t, seg;

	code ^= ALAW_AMI_MASK;
	t = (code & 0x0f) << 4;
	seg = (code & 0x70) >> 4;
	switch (seg) {
	case 0:
		t += 8;
		break;
	case 1:
		t += 0x108;
		break;
	default:
		t += 0x108;
		t <<= seg - 1;
	}
	return (int16_t)((code & 0x80) ? t : -t);
}

uint8_t g711_lin2ulaw(int16_t pcm)
{
	static const int seg_end[8] = {0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff};
	int val = pcm >> 2; /* 14-bit */
	int mask, seg;

	if (val < 0) {
		val = -val;
		mask = 0x7f;
	} else {
		mask = 0xff;
	}
	if (val > ULAW_CLIP >> 2)
		val = ULAW_CLIP >> 2;
	val += ULAW_BIAS >> 2;
	seg = segment(val, seg_end, 8);
	if (seg >= 8)
		return (uint8_t)(0x7f ^ mask);
	return (uint8_t)(((seg << 4) | ((val >> (seg + 1)) & 0x0f)) ^ mask);
}

int16_t g711_ulaw2lin(uint8_t code)
{
	int t;

	code = (uint8_t)~code;
	t = ((code & 0x0f) << 3) + ULAW_BIAS;
	t <<= (code & 0x70) >> 4;
	return (int16_t)((code & 0x80) ? ULAW_BIAS - t : t - ULAW_BIAS);
}

/*
 * G.711 tables 3 and 4 (with the 1994 corrections of rows 80 and 79):
 * the direct mu-law -> A-law and A-law -> mu-law code conversions, for
 * the positive half of each law's codes numbered 1..128 as the standard
 * prints them. Sign and even-bit inversion are applied around them.
 */
static const uint8_t u2a_tab[128] = {
	  1,   1,   2,   2,   3,   3,   4,   4,   5,   5,   6,   6,   7,   7,   8,   8,
	  9,  10,  11,  12,  13,  14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,
	 25,  27,  29,  31,  33,  34,  35,  36,  37,  38,  39,  40,  41,  42,  43,  44,
	 46,  48,  49,  50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,
	 64,  65,  66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,
	 80,  82,  83,  84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,
	 97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
	113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128,
};

static const uint8_t a2u_tab[128] = {
	  1,   3,   5,   7,   9,  11,  13,  15,  16,  17,  18,  19,  20,  21,  22,  23,
	 24,  25,  26,  27,  28,  29,  30,  31,  32,  32,  33,  33,  34,  34,  35,  35,
	 36,  37,  38,  39,  40,  41,  42,  43,  44,  45,  46,  47,  48,  48,  49,  49,
	 50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,  63,  64,  64,
	 65,  66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,
	 80,  81,  82,  83,  84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,
	 96,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
};

uint8_t g711_alaw2ulaw(uint8_t code)
{
	return (code & 0x80) ? (uint8_t)(0xff ^ a2u_tab[code ^ 0xd5])
			     : (uint8_t)(0x7f ^ a2u_tab[code ^ 0x55]);
}

uint8_t g711_ulaw2alaw(uint8_t code)
{
	return (code & 0x80) ? (uint8_t)(0xd5 ^ (u2a_tab[0xff ^ code] - 1))
			     : (uint8_t)(0x55 ^ (u2a_tab[0x7f ^ code] - 1));
}

void g711_alaw2ulaw_buf(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = g711_alaw2ulaw(src[i]);
}

void g711_ulaw2alaw_buf(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = g711_ulaw2alaw(src[i]);
}

uint8_t g711_silence(enum g711_law law)
{
	return law == G711_ALAW ? 0xd5 : 0xff;
}

const uint8_t *g711_milliwatt(enum g711_law law)
{
	static const uint8_t mw_alaw[8] = {0x34, 0x21, 0x21, 0x34, 0xb4, 0xa1, 0xa1, 0xb4};
	static const uint8_t mw_ulaw[8] = {0x1e, 0x0b, 0x0b, 0x1e, 0x9e, 0x8b, 0x8b, 0x9e};

	return law == G711_ALAW ? mw_alaw : mw_ulaw;
}
