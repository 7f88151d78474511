/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Call progress tones (ITU-T E.180 and national specifications) per
 * country zone: dial, ringback, busy and congestion, each one or two
 * frequencies with a cadence exact in samples. The generator is a plain
 * struct: no allocation, phase-continuous across fill calls.
 */
#ifndef PRIGATE_TONE_H
#define PRIGATE_TONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tone_kind {
	TONE_DIAL,
	TONE_RINGBACK,
	TONE_BUSY,
	TONE_CONGESTION,
	TONE_KIND_MAX,
};

#define TONE_CADENCE_MAX 8

struct tone_def {
	uint16_t freq[2];  /* Hz; freq[1] == 0: a single frequency */
	int8_t level_dbm0; /* per frequency */
	uint8_t ncadence;  /* 0: continuous */
	/* ms, alternately on and off starting with on; repeated */
	uint16_t cadence_ms[TONE_CADENCE_MAX];
};

struct tone_zone {
	const char *name; /* "etsi", "uk", "us", ... */
	const char *description;
	struct tone_def tone[TONE_KIND_MAX];
};

/* 0 and *z, or -ENOENT; names are case-insensitive; "eu" is "etsi" */
int tone_zone_find(const char *name, const struct tone_zone **z);
/* the zones, NULL-terminated, for listings */
const struct tone_zone *const *tone_zones(void);
const char *tone_kind_name(enum tone_kind kind);

struct tone_gen {
	const struct tone_def *def; /* NULL: stopped, silence */
	uint32_t n;		    /* samples since start, for the oscillators' phase */
	uint8_t step;		    /* index into the cadence */
	uint32_t step_pos;	    /* samples into that step */
	float amp;		    /* peak per frequency */
};

void tone_gen_start(struct tone_gen *g, const struct tone_zone *z, enum tone_kind kind);
/* start any tone, for zones that are not in the table */
void tone_gen_start_def(struct tone_gen *g, const struct tone_def *def);
void tone_gen_stop(struct tone_gen *g);
/* always fills all n samples (silence in the off parts and when stopped); returns n */
size_t tone_gen_fill(struct tone_gen *g, int16_t *out, size_t n);

#endif
