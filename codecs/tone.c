// SPDX-License-Identifier: GPL-2.0-only
/*
 * Call progress tones per country zone (ITU-T E.180 supplement 2, ETSI
 * ES 201 970, BT SIN 350, ANSI T1.401 "precise tone plan"). The phase of
 * each frequency is computed from the sample count reduced modulo 8000,
 * exact for integer frequencies, so the tone never drifts and stays
 * continuous across fill calls and cadence steps.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "dsp.h"
#include "tone.h"

#define ON_OFF(...)                                                                                \
	.ncadence = sizeof((uint16_t[]){__VA_ARGS__}) / sizeof(uint16_t),                          \
	.cadence_ms = {__VA_ARGS__}

static const struct tone_zone zone_etsi = {
	.name = "etsi",
	.description = "Europe (ETSI ES 201 970): 425 Hz",
	.tone =
		{
			[TONE_DIAL] = {{425, 0}, -13, 0, {0}},
			[TONE_RINGBACK] = {{425, 0}, -13, ON_OFF(1000, 4000)},
			[TONE_BUSY] = {{425, 0}, -13, ON_OFF(500, 500)},
			[TONE_CONGESTION] = {{425, 0}, -13, ON_OFF(250, 250)},
		},
};

static const struct tone_zone zone_uk = {
	.name = "uk",
	.description = "United Kingdom (BT SIN 350)",
	.tone =
		{
			[TONE_DIAL] = {{350, 440}, -13, 0, {0}},
			[TONE_RINGBACK] = {{400, 450}, -13, ON_OFF(400, 200, 400, 2000)},
			[TONE_BUSY] = {{400, 0}, -13, ON_OFF(375, 375)},
			[TONE_CONGESTION] = {{400, 0}, -13, ON_OFF(400, 350, 225, 525)},
		},
};

static const struct tone_zone zone_us = {
	.name = "us",
	.description = "North America (precise tone plan)",
	.tone =
		{
			[TONE_DIAL] = {{350, 440}, -13, 0, {0}},
			[TONE_RINGBACK] = {{440, 480}, -19, ON_OFF(2000, 4000)},
			[TONE_BUSY] = {{480, 620}, -24, ON_OFF(500, 500)},
			[TONE_CONGESTION] = {{480, 620}, -24, ON_OFF(250, 250)},
		},
};

static const struct tone_zone zone_de = {
	.name = "de",
	.description = "Germany: 425 Hz",
	.tone =
		{
			[TONE_DIAL] = {{425, 0}, -13, 0, {0}},
			[TONE_RINGBACK] = {{425, 0}, -13, ON_OFF(1000, 4000)},
			[TONE_BUSY] = {{425, 0}, -13, ON_OFF(480, 480)},
			[TONE_CONGESTION] = {{425, 0}, -13, ON_OFF(240, 240)},
		},
};

static const struct tone_zone zone_fr = {
	.name = "fr",
	.description = "France: 440 Hz",
	.tone =
		{
			[TONE_DIAL] = {{440, 0}, -13, 0, {0}},
			[TONE_RINGBACK] = {{440, 0}, -13, ON_OFF(1500, 3500)},
			[TONE_BUSY] = {{440, 0}, -13, ON_OFF(500, 500)},
			[TONE_CONGESTION] = {{440, 0}, -13, ON_OFF(250, 250)},
		},
};

static const struct tone_zone *const zones[] = {
	&zone_etsi, &zone_uk, &zone_us, &zone_de, &zone_fr, NULL,
};

const struct tone_zone *const *tone_zones(void)
{
	return zones;
}

int tone_zone_find(const char *name, const struct tone_zone **z)
{
	size_t i;

	if (!name)
		return -ENOENT;
	if (!strcasecmp(name, "eu") || !strcasecmp(name, "europe"))
		name = "etsi";
	else if (!strcasecmp(name, "gb"))
		name = "uk";
	else if (!strcasecmp(name, "na") || !strcasecmp(name, "ca"))
		name = "us";
	for (i = 0; zones[i]; i++)
		if (!strcasecmp(zones[i]->name, name)) {
			*z = zones[i];
			return 0;
		}
	return -ENOENT;
}

const char *tone_kind_name(enum tone_kind kind)
{
	static const char *const names[TONE_KIND_MAX] = {
		[TONE_DIAL] = "dial",
		[TONE_RINGBACK] = "ringback",
		[TONE_BUSY] = "busy",
		[TONE_CONGESTION] = "congestion",
	};

	return (unsigned)kind < TONE_KIND_MAX ? names[kind] : "?";
}

void tone_gen_start_def(struct tone_gen *g, const struct tone_def *def)
{
	memset(g, 0, sizeof(*g));
	g->def = def;
	if (def)
		g->amp = (float)(DSP_DBM0_PEAK * pow(10.0, def->level_dbm0 / 20.0));
}

void tone_gen_start(struct tone_gen *g, const struct tone_zone *z, enum tone_kind kind)
{
	tone_gen_start_def(g, z && (unsigned)kind < TONE_KIND_MAX ? &z->tone[kind] : NULL);
}

void tone_gen_stop(struct tone_gen *g)
{
	g->def = NULL;
}

static double osc(unsigned f, uint32_t n)
{
	return sin(2.0 * M_PI * (double)(((uint64_t)f * n) % DSP_RATE) / DSP_RATE);
}

size_t tone_gen_fill(struct tone_gen *g, int16_t *out, size_t n)
{
	const struct tone_def *t = g->def;
	size_t i;

	if (!t) {
		memset(out, 0, n * sizeof(*out));
		return n;
	}
	for (i = 0; i < n; i++) {
		bool on = !t->ncadence || !(g->step & 1);

		if (on) {
			double v = osc(t->freq[0], g->n);

			if (t->freq[1])
				v += osc(t->freq[1], g->n);
			out[i] = (int16_t)lrint(g->amp * v);
		} else {
			out[i] = 0;
		}
		g->n = (g->n + 1) % DSP_RATE;
		if (t->ncadence &&
		    ++g->step_pos >= (uint32_t)t->cadence_ms[g->step] * (DSP_RATE / 1000)) {
			g->step_pos = 0;
			g->step = (uint8_t)((g->step + 1) % t->ncadence);
		}
	}
	return n;
}
