/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Comfort noise (RFC 3389): parse and build the CN payload (noise level
 * in -dBov and optional reflection coefficients) and generate noise at
 * that level, spectrally shaped by the coefficients when there are any.
 * Plain structs, no allocation.
 */
#ifndef PRIGATE_CNG_H
#define PRIGATE_CNG_H

#include <stddef.h>
#include <stdint.h>

#define CNG_ORDER_MAX 10
#define CNG_LEVEL_MIN 127 /* -127 dBov: the quietest level a payload carries */

struct cng_params {
	uint8_t level;		 /* -dBov, 0..127 */
	uint8_t order;		 /* reflection coefficients present, <= CNG_ORDER_MAX */
	float rc[CNG_ORDER_MAX]; /* k1..kN in (-1, 1) */
};

/*
 * RFC 3389 section 3: one level byte (bit 7 reserved, must be 0) and
 * zero or more coefficient bytes. 0, or -EINVAL (empty, reserved bit set);
 * coefficients past CNG_ORDER_MAX are ignored.
 */
int cng_parse(struct cng_params *p, const uint8_t *pl, size_t len);
/* the payload for p; bytes written, or -ENOSPC */
int cng_build(const struct cng_params *p, uint8_t *buf, size_t size);
/* level in -dBov (0..127) of a block, to send in a CN payload */
uint8_t cng_measure(const int16_t *s, size_t n);

struct cng {
	uint32_t seed;
	float gain; /* white-noise RMS before shaping */
	uint8_t level;
	uint8_t order;
	float rc[CNG_ORDER_MAX];
	float state[CNG_ORDER_MAX + 1]; /* lattice synthesis filter */
};

void cng_init(struct cng *c);
/* white noise at -dbov dBov RMS (0..127); drops any shaping */
void cng_set_level(struct cng *c, int dbov);
/* level and shaping from a parsed payload */
void cng_set_params(struct cng *c, const struct cng_params *p);
void cng_fill(struct cng *c, int16_t *out, size_t n);

#endif
