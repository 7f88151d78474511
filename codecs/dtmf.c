// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTMF detection and generation (ITU-T Q.23, Q.24) for the media path and
 * pbxsim. The detector runs two banks of Goertzel filters on 102-sample
 * blocks staggered by 51 samples. A block "holds" a digit when one row and
 * one column frequency carry most of its energy (which also measures how
 * much of the block the tone fills: a block half silent does not hold it),
 * each beats the other frequencies of its group by 6 dB, and both are
 * above -36 dBm0. Five consecutive blocks (25.5 ms of tone filling them,
 * so 23 ms tones never and 40 ms tones always qualify) then decide on
 * their sums: twist (8 dB normal, 4 dB reverse, half a dB of margin),
 * second harmonics (talk-off: voices and instruments are harmonic, DTMF is
 * not) and the frequency offset, measured from the phase advance between
 * consecutive blocks (within 2.5%: 1.5% is accepted, 3.5% refused), which
 * also corrects the powers for the filters' loss off their centre, and
 * must not drift by more than 5 Hz between the run's halves (15 Hz for a
 * tone 3 dB weaker than the other, whose phase carries the other's
 * leakage): a sweep is
 * not a digit. Four blocks without the digit (>= 19 ms of pause) end it; a
 * shorter interruption is bridged.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "dsp.h"
#include "dtmf.h"

#define HALF (DTMF_BLOCK / 2)
#define RUN_ACCEPT 5
#define MISS_END 4
/* a block holds a tone when its two frequencies carry this share of it */
#define FILL_MIN 0.55f
#define REL_PEAK 4.0f		  /* 6 dB over the rest of the group */
#define TWIST_BLOCK_NORMAL 15.85f /* 12 dB, per block; the run decides exactly */
#define TWIST_BLOCK_REVERSE 6.31f /* 8 dB */
#define TWIST_NORMAL 7.08f	  /* 8.5 dB */
#define TWIST_REVERSE 2.82f	  /* 4.5 dB */
#define HARM_ROW 0.5f		  /* second harmonic 3 dB under the fundamental */
#define HARM_COL 0.0631f	  /* 12 dB */
#define FREQ_TOL 0.025f
#define DRIFT_WEAK_MAX 15.0f
#define DRIFT_MAX 5.0f /* Hz between the run's halves: DTMF is steady, sweeps are not */
#define LEVEL_MIN_DBM0 (-36.0)
/* tone start and end from the first and last blocks holding it */
#define START_OFS 20
#define END_OFS 81

static const unsigned freq[8] = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
/* 2 cos(2 pi f / 8000): 8 fundamentals, then their second harmonics */
static const float coef[16] = {
	1.707737809f,  1.645281036f,  1.568686984f,  1.478204568f,  1.164104023f, 0.996370211f,
	0.798618389f,  0.568532707f,  0.916368425f,  0.706949688f,  0.460778853f, 0.185088746f,
	-0.644861824f, -1.007246403f, -1.362208668f, -1.676770561f,
};
static const float cosw[8] = {
	0.853868905f, 0.822640518f, 0.784343492f, 0.739102284f,
	0.582052012f, 0.498185105f, 0.399309195f, 0.284266353f,
};
static const float sinw[8] = {
	0.520488130f, 0.568561851f, 0.620326758f, 0.673593211f,
	0.813151558f, 0.867070701f, 0.916816321f, 0.958745347f,
};
/* phase advance of each frequency over 51 samples, in (-pi, pi] */
static const float advance[8] = {
	2.785807286f,  -0.573340659f, 2.711194460f, -0.007068583f,
	-1.838617101f, -3.034778503f, 2.613019690f, 2.578462170f,
};
static const char digits[4][4] = {
	{'1', '2', '3', 'A'},
	{'4', '5', '6', 'B'},
	{'7', '8', '9', 'C'},
	{'*', '0', '#', 'D'},
};

int dtmf_freqs(char digit, unsigned *low_hz, unsigned *high_hz)
{
	int r, c;

	if (digit >= 'a' && digit <= 'd')
		digit = (char)(digit - 'a' + 'A');
	for (r = 0; r < 4; r++)
		for (c = 0; c < 4; c++)
			if (digits[r][c] == digit) {
				*low_hz = freq[r];
				*high_hz = freq[4 + c];
				return 0;
			}
	return -EINVAL;
}

void dtmf_det_init(struct dtmf_det *d)
{
	memset(d, 0, sizeof(*d));
}

/* power of a Goertzel filter at the peak of a full-scale 0 dBm0 sine */
static float peak_power(double dbm0)
{
	double a = DSP_DBM0_PEAK * pow(10.0, dbm0 / 20.0) * DTMF_BLOCK / 2.0;

	return (float)(a * a);
}

/* the filters' power response to a tone df Hz off their centre */
static float offset_gain(float df)
{
	double x = M_PI * fabs(df) / DSP_RATE;

	if (x < 1e-9)
		return 1.0f;
	double g = sin(x * DTMF_BLOCK) / (DTMF_BLOCK * sin(x));

	return (float)(g * g);
}

/* frequency offset of group member k from the summed phase advances */
static float freq_offset(int k, float re, float im)
{
	float d = atan2f(im, re) - advance[k];

	while (d > (float)M_PI)
		d -= 2.0f * (float)M_PI;
	while (d < -(float)M_PI)
		d += 2.0f * (float)M_PI;
	return d * DSP_RATE / (2.0f * (float)M_PI * HALF);
}

static bool run_accept(struct dtmf_det *d, int *level)
{
	int r = -1, c = -1, i, j;
	float dr, dc, drr, drc, pr, pc;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			if (digits[i][j] == d->cand) {
				r = i;
				c = 4 + j;
			}
	if (r < 0)
		return false;
	dr = freq_offset(r, d->run_prow_re, d->run_prow_im);
	dc = freq_offset(c, d->run_pcol_re, d->run_pcol_im);
	if (fabsf(dr) > FREQ_TOL * freq[r] || fabsf(dc) > FREQ_TOL * freq[c])
		return false;
	/* the weaker tone's phase carries the stronger one's leakage: more slack */
	drr = fabsf(
		freq_offset(r, d->run_prow_re - d->half_prow_re, d->run_prow_im - d->half_prow_im) -
		freq_offset(r, d->half_prow_re, d->half_prow_im));
	drc = fabsf(
		freq_offset(c, d->run_pcol_re - d->half_pcol_re, d->run_pcol_im - d->half_pcol_im) -
		freq_offset(c, d->half_pcol_re, d->half_pcol_im));
	if (drr > (d->run_row * 2.0f < d->run_col ? DRIFT_WEAK_MAX : DRIFT_MAX) ||
	    drc > (d->run_col * 2.0f < d->run_row ? DRIFT_WEAK_MAX : DRIFT_MAX))
		return false;
	pr = d->run_row / offset_gain(dr);
	pc = d->run_col / offset_gain(dc);
	if (pr > pc * TWIST_NORMAL || pc > pr * TWIST_REVERSE)
		return false;
	if (d->run_row2 > d->run_row * HARM_ROW || d->run_col2 > d->run_col * HARM_COL)
		return false;
	*level = (int)lrint(10.0 * log10((pr > pc ? pr : pc) / d->run / peak_power(0.0)));
	return true;
}

static int emit(struct dtmf_event *ev, size_t max_ev, int nev, char digit, bool end,
		uint32_t sample, uint32_t duration, int level)
{
	if ((size_t)nev >= max_ev)
		return nev;
	ev[nev].digit = digit;
	ev[nev].end = end;
	ev[nev].sample = sample;
	ev[nev].duration = duration;
	ev[nev].level_dbm0 = level;
	return nev + 1;
}

/* the block of bank b ended at d->pos: decide, update the run and the digit */
static int block_done(struct dtmf_det *d, int b, struct dtmf_event *ev, size_t max_ev, int nev)
{
	float p[16], re[8], im[8], e = d->energy[b];
	uint32_t start = d->pos - DTMF_BLOCK;
	char hit = 0;
	int k, r = 0, c = 4, level;

	for (k = 0; k < 16; k++) {
		float v1 = d->v1[b][k], v2 = d->v2[b][k];

		if (k < 8) {
			re[k] = v1 - cosw[k] * v2;
			im[k] = sinw[k] * v2;
			p[k] = re[k] * re[k] + im[k] * im[k];
		} else {
			p[k] = v1 * v1 + v2 * v2 - coef[k] * v1 * v2;
		}
		d->v1[b][k] = 0.0f;
		d->v2[b][k] = 0.0f;
	}
	d->energy[b] = 0.0f;

	for (k = 1; k < 4; k++)
		if (p[k] > p[r])
			r = k;
	for (k = 5; k < 8; k++)
		if (p[k] > p[c])
			c = k;
	if (p[r] >= peak_power(LEVEL_MIN_DBM0) && p[c] >= peak_power(LEVEL_MIN_DBM0) &&
	    p[r] + p[c] >= FILL_MIN * e * (DTMF_BLOCK / 2) && p[r] <= p[c] * TWIST_BLOCK_NORMAL &&
	    p[c] <= p[r] * TWIST_BLOCK_REVERSE) {
		hit = digits[r][c - 4];
		for (k = 0; k < 8; k++)
			if (k != r && k != c && p[k] * REL_PEAK > (k < 4 ? p[r] : p[c]))
				hit = 0;
	}

	if (hit && hit == d->cand) {
		d->run++;
		d->run_prow_re += re[r] * d->prev_re[r] + im[r] * d->prev_im[r];
		d->run_prow_im += im[r] * d->prev_re[r] - re[r] * d->prev_im[r];
		d->run_pcol_re += re[c] * d->prev_re[c] + im[c] * d->prev_im[c];
		d->run_pcol_im += im[c] * d->prev_re[c] - re[c] * d->prev_im[c];
		if (d->run == 3) { /* the first two phase advances */
			d->half_prow_re = d->run_prow_re;
			d->half_prow_im = d->run_prow_im;
			d->half_pcol_re = d->run_pcol_re;
			d->half_pcol_im = d->run_pcol_im;
		}
	} else {
		d->cand = hit;
		d->run = hit ? 1 : 0;
		d->run_start = start;
		d->run_row = d->run_col = d->run_row2 = d->run_col2 = 0.0f;
		d->run_prow_re = d->run_prow_im = d->run_pcol_re = d->run_pcol_im = 0.0f;
	}
	if (hit) {
		d->run_row += p[r];
		d->run_col += p[c];
		d->run_row2 += p[r + 8];
		d->run_col2 += p[c + 8];
	}
	memcpy(d->prev_re, re, sizeof(re));
	memcpy(d->prev_im, im, sizeof(im));

	if (d->cur) {
		if (hit == d->cur) {
			d->miss = 0;
			d->cur_last = start;
		} else if (++d->miss >= MISS_END) {
			uint32_t end = d->cur_last + END_OFS;

			nev = emit(ev, max_ev, nev, d->cur, true, end, end - d->cur_start,
				   d->cur_level);
			d->cur = 0;
		}
	}
	if (!d->cur && d->cand && d->run >= RUN_ACCEPT && run_accept(d, &level)) {
		d->cur = d->cand;
		d->cur_start = d->run_start + START_OFS;
		d->cur_last = start;
		d->cur_level = level;
		d->miss = 0;
		nev = emit(ev, max_ev, nev, d->cur, false, d->cur_start, 0, level);
		/* the run continues as the digit's; it is not decided again */
		d->run = RUN_ACCEPT + 1000;
	}
	return nev;
}

int dtmf_det_process(struct dtmf_det *d, const int16_t *s, size_t n, struct dtmf_event *ev,
		     size_t max_ev)
{
	int nev = 0, k, b;
	size_t i;

	for (i = 0; i < n; i++) {
		float x = s[i];

		for (b = 0; b < 2; b++) {
			float *v1 = d->v1[b], *v2 = d->v2[b];

			for (k = 0; k < 16; k++) {
				float y = x + coef[k] * v1[k] - v2[k];

				v2[k] = v1[k];
				v1[k] = y;
			}
			d->energy[b] += x * x;
		}
		d->pos++;
		if (++d->fill == HALF) {
			d->fill = 0;
			nev = block_done(d, d->bank, ev, max_ev, nev);
			d->bank ^= 1;
		}
	}
	return nev;
}

bool dtmf_det_active(const struct dtmf_det *d)
{
	return d->cur || (d->cand && d->run >= 2);
}

char dtmf_det_digit(const struct dtmf_det *d)
{
	return d->cur;
}

uint32_t dtmf_det_duration(const struct dtmf_det *d)
{
	return d->cur ? d->pos - d->cur_start : 0;
}

/* --- generator ------------------------------------------------------------ */

void dtmf_gen_init(struct dtmf_gen *g)
{
	memset(g, 0, sizeof(*g));
}

int dtmf_gen_start(struct dtmf_gen *g, char digit, unsigned on_ms, unsigned off_ms, int level_dbm0)
{
	unsigned lo, hi, t;

	if (dtmf_freqs(digit, &lo, &hi) < 0 || level_dbm0 > -3 || level_dbm0 < -60 ||
	    on_ms > 60000 || off_ms > 60000)
		return -EINVAL;
	if (g->count == DTMF_GEN_QUEUE)
		return -ENOSPC;
	t = (g->head + g->count) % DTMF_GEN_QUEUE;
	g->q[t].digit = digit;
	g->q[t].level_dbm0 = (int8_t)level_dbm0;
	g->q[t].on = on_ms * (DSP_RATE / 1000);
	g->q[t].off = off_ms * (DSP_RATE / 1000);
	if (g->count++ == 0)
		g->pos = 0;
	return 0;
}

/* sin(2 pi f n / 8000) with the phase reduced exactly: integer frequencies */
static double osc(unsigned f, uint32_t n)
{
	return sin(2.0 * M_PI * (double)(((uint64_t)f * n) % DSP_RATE) / DSP_RATE);
}

size_t dtmf_gen_fill(struct dtmf_gen *g, int16_t *out, size_t n)
{
	size_t i = 0;

	while (i < n && g->count) {
		unsigned lo, hi;
		double a;

		dtmf_freqs(g->q[g->head].digit, &lo, &hi);
		a = DSP_DBM0_PEAK * pow(10.0, g->q[g->head].level_dbm0 / 20.0);
		for (; i < n && g->pos < g->q[g->head].on; i++, g->pos++)
			out[i] = (int16_t)lrint(a * (osc(lo, g->pos) + osc(hi, g->pos)));
		for (; i < n && g->pos < g->q[g->head].on + g->q[g->head].off; i++, g->pos++)
			out[i] = 0;
		if (g->pos == g->q[g->head].on + g->q[g->head].off) {
			g->head = (g->head + 1) % DTMF_GEN_QUEUE;
			g->count--;
			g->pos = 0;
		}
	}
	return i;
}

bool dtmf_gen_busy(const struct dtmf_gen *g)
{
	return g->count != 0;
}

void dtmf_gen_stop(struct dtmf_gen *g)
{
	g->count = 0;
	g->pos = 0;
}
