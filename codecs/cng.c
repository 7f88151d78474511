// SPDX-License-Identifier: GPL-2.0-only
/*
 * Comfort noise (RFC 3389): the CN payload and a generator. The noise is
 * white (a 32-bit LCG summed to a near-Gaussian) through the all-pole
 * lattice filter of the payload's reflection coefficients, with its gain
 * set so the output has the payload's level whatever the shaping: the
 * lattice's prediction error power is prod(1 - k^2), so the excitation is
 * scaled by its square root.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "cng.h"
#include "dsp.h"

/* RFC 3389 section 3.2: k = (byte - 127) / 128, bytes 0..254 */
static float rc_decode(uint8_t b)
{
	return ((float)b - 127.0f) / 128.0f;
}

static uint8_t rc_encode(float k)
{
	long v = lrintf(k * 128.0f + 127.0f);

	return (uint8_t)(v < 0 ? 0 : v > 254 ? 254 : v);
}

int cng_parse(struct cng_params *p, const uint8_t *pl, size_t len)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!pl || len < 1 || (pl[0] & 0x80))
		return -EINVAL;
	p->level = pl[0];
	for (i = 1; i < len && i <= CNG_ORDER_MAX; i++)
		p->rc[i - 1] = rc_decode(pl[i]);
	p->order = (uint8_t)(i - 1);
	return 0;
}

int cng_build(const struct cng_params *p, uint8_t *buf, size_t size)
{
	size_t i;

	if (size < 1u + p->order || p->order > CNG_ORDER_MAX)
		return -ENOSPC;
	buf[0] = p->level & 0x7f;
	for (i = 0; i < p->order; i++)
		buf[1 + i] = rc_encode(p->rc[i]);
	return 1 + p->order;
}

uint8_t cng_measure(const int16_t *s, size_t n)
{
	double e = 0.0, db;
	size_t i;

	for (i = 0; i < n; i++)
		e += (double)s[i] * s[i];
	if (!n || e <= 0.0)
		return CNG_LEVEL_MIN;
	db = -10.0 * log10(e / n / (DSP_DBOV_RMS * DSP_DBOV_RMS));
	return db < 0.0 ? 0 : db > CNG_LEVEL_MIN ? CNG_LEVEL_MIN : (uint8_t)lrint(db);
}

void cng_init(struct cng *c)
{
	memset(c, 0, sizeof(*c));
	c->seed = 0x12345678u;
	cng_set_level(c, CNG_LEVEL_MIN);
}

static void set_gain(struct cng *c)
{
	double g = c->level >= CNG_LEVEL_MIN ? 0.0 : DSP_DBOV_RMS * pow(10.0, -c->level / 20.0);
	unsigned i;

	for (i = 0; i < c->order; i++)
		g *= sqrt(1.0 - (double)c->rc[i] * c->rc[i]);
	c->gain = (float)g;
}

void cng_set_level(struct cng *c, int dbov)
{
	c->level = (uint8_t)(dbov < 0 ? 0 : dbov > CNG_LEVEL_MIN ? CNG_LEVEL_MIN : dbov);
	c->order = 0;
	memset(c->state, 0, sizeof(c->state));
	set_gain(c);
}

void cng_set_params(struct cng *c, const struct cng_params *p)
{
	unsigned i;

	c->level = p->level > CNG_LEVEL_MIN ? CNG_LEVEL_MIN : p->level;
	c->order = p->order > CNG_ORDER_MAX ? CNG_ORDER_MAX : p->order;
	for (i = 0; i < c->order; i++) {
		float k = p->rc[i];

		/* |k| < 1 keeps the synthesis filter stable */
		c->rc[i] = k > 0.99f ? 0.99f : k < -0.99f ? -0.99f : k;
	}
	memset(c->state, 0, sizeof(c->state));
	set_gain(c);
}

/* unit-variance, roughly Gaussian: the sum of 4 uniforms, rescaled */
static float noise(struct cng *c)
{
	float s = 0.0f;
	int i;

	for (i = 0; i < 4; i++) {
		c->seed = c->seed * 1664525u + 1013904223u;
		s += (float)(c->seed >> 8) / 16777216.0f - 0.5f;
	}
	return s * 1.7320508f; /* 4 uniforms on [-0.5, 0.5): variance 1/3 */
}

void cng_fill(struct cng *c, int16_t *out, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		/* lattice synthesis: f_{m-1} = f_m - k_m b_{m-1}, b_m = b_{m-1} + k_m f_{m-1} */
		float f = c->gain * noise(c), v;

		for (k = (int)c->order - 1; k >= 0; k--) {
			f -= c->rc[k] * c->state[k];
			c->state[k + 1] = c->state[k] + c->rc[k] * f;
		}
		c->state[0] = f;
		v = f;
		out[i] = (int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : lrintf(v));
	}
}
