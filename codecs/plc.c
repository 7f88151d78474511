// SPDX-License-Identifier: GPL-2.0-only
/*
 * Packet loss concealment after ITU-T G.711 Appendix I (the "LowcFE"
 * algorithm), working sample by sample so any frame size fits: the 10 ms
 * steps of the Appendix (widen the pitch buffer at 10 and 20 ms, attenuate
 * after 10 ms, silence after 60 ms) are taken at those sample counts. The
 * Appendix delays all audio by 3.75 ms to smooth the start of a loss in
 * the last good samples; here the good audio is never delayed and the
 * same smoothing is done on the synthetic side: the synthetic signal gets
 * an offset that makes it continue the last good sample, decaying to zero
 * over a quarter period.
 */
#include <math.h>
#include <string.h>

#include "plc.h"

#define FRAME 80 /* the Appendix's 10 ms */
#define NDEC 2	 /* pitch search decimation */
#define CORRLEN 160
#define PITCHDIFF (PLC_PITCH_MAX - PLC_PITCH_MIN)
#define CORRMINPOWER 250.0f
#define EOVERLAPINCR 32 /* end OLA widens by 4 ms per 10 ms lost */
#define ATTEN_PER_SAMPLE (0.2f / FRAME)
#define SILENT_AFTER (PLC_MAX_MS * 8)

void plc_init(struct plc *p)
{
	memset(p, 0, sizeof(*p));
}

static float clip(float v)
{
	return v > 32767.0f ? 32767.0f : v < -32768.0f ? -32768.0f : v;
}

static void history_add(struct plc *p, const float *s, size_t n)
{
	if (n >= PLC_HISTORY) {
		memcpy(p->hist, s + n - PLC_HISTORY, sizeof(p->hist));
		return;
	}
	memmove(p->hist, p->hist + n, (PLC_HISTORY - n) * sizeof(float));
	memcpy(p->hist + PLC_HISTORY - n, s, n * sizeof(float));
}

/* G.711 Appendix I, I.2.2: normalised cross-correlation, coarse then fine */
static unsigned find_pitch(const float *buf)
{
	const float *r = buf + PLC_HISTORY - CORRLEN;
	const float *l = r - PLC_PITCH_MAX;
	float energy = 0.0f, corr = 0.0f, best, scale;
	int i, j, k, bestmatch = 0;

	for (i = 0; i < CORRLEN; i += NDEC) {
		energy += l[i] * l[i];
		corr += r[i] * l[i];
	}
	scale = energy < CORRMINPOWER ? CORRMINPOWER : energy;
	best = corr / sqrtf(scale);
	for (j = NDEC; j <= PITCHDIFF; j += NDEC) {
		energy -= l[0] * l[0];
		energy += l[CORRLEN] * l[CORRLEN];
		l += NDEC;
		corr = 0.0f;
		for (i = 0; i < CORRLEN; i += NDEC)
			corr += r[i] * l[i];
		scale = energy < CORRMINPOWER ? CORRMINPOWER : energy;
		corr /= sqrtf(scale);
		if (corr >= best) {
			best = corr;
			bestmatch = j;
		}
	}
	j = bestmatch - (NDEC - 1);
	if (j < 0)
		j = 0;
	k = bestmatch + (NDEC - 1);
	if (k > PITCHDIFF)
		k = PITCHDIFF;
	l = r - PLC_PITCH_MAX + j;
	energy = corr = 0.0f;
	for (i = 0; i < CORRLEN; i++) {
		energy += l[i] * l[i];
		corr += r[i] * l[i];
	}
	scale = energy < CORRMINPOWER ? CORRMINPOWER : energy;
	best = corr / sqrtf(scale);
	bestmatch = j;
	for (j = j + 1; j <= k; j++) {
		energy -= l[0] * l[0];
		energy += l[CORRLEN] * l[CORRLEN];
		l++;
		corr = 0.0f;
		for (i = 0; i < CORRLEN; i++)
			corr += r[i] * l[i];
		scale = energy < CORRMINPOWER ? CORRMINPOWER : energy;
		corr /= sqrtf(scale);
		if (corr > best) {
			best = corr;
			bestmatch = j;
		}
	}
	return (unsigned)(PLC_PITCH_MAX - bestmatch);
}

/* o = l fading out + r fading in, cnt samples (o may be r or l) */
static void overlap_add(const float *l, const float *r, float *o, unsigned cnt)
{
	float incr = 1.0f / cnt, lw = 1.0f - incr, rw = incr;
	unsigned i;

	for (i = 0; i < cnt; i++) {
		o[i] = clip(lw * l[i] + rw * r[i]);
		lw -= incr;
		rw += incr;
	}
}

/* the next sample of the periodic continuation */
static float fe_sample(struct plc *p)
{
	float v = p->pbuf[PLC_HISTORY - p->pitchblen + p->poffset];

	if (++p->poffset == p->pitchblen)
		p->poffset = 0;
	return v;
}

/* widen the pitch buffer by one period smoothing the seam */
static void widen(struct plc *p)
{
	unsigned save = p->poffset, i;
	float *end = p->pbuf + PLC_HISTORY;

	for (i = 0; i < p->poverlap; i++)
		p->ola[i] = fe_sample(p);
	p->poffset = save;
	while (p->poffset > p->pitch)
		p->poffset -= p->pitch;
	p->pitchblen += p->pitch;
	overlap_add(p->lastq, end - p->pitchblen - p->poverlap, end - p->poverlap, p->poverlap);
	p->ola_pos = 0;
}

static void loss_start(struct plc *p)
{
	float *end = p->pbuf + PLC_HISTORY;

	memcpy(p->pbuf, p->hist, sizeof(p->pbuf));
	p->pitch = find_pitch(p->pbuf);
	p->poverlap = p->pitch / 4;
	memcpy(p->lastq, end - p->poverlap, p->poverlap * sizeof(float));
	p->poffset = 0;
	p->pitchblen = p->pitch;
	overlap_add(p->lastq, end - p->pitchblen - p->poverlap, end - p->poverlap, p->poverlap);
	/* the synthetic signal at the last good sample would have been end[-1] */
	p->offset = p->hist[PLC_HISTORY - 1] - end[-1];
	p->ola_pos = p->poverlap; /* nothing to blend */
}

static float gain_at(uint32_t e)
{
	float g = e < FRAME ? 1.0f : 1.0f - (float)(e - FRAME) * ATTEN_PER_SAMPLE;

	return g < 0.0f ? 0.0f : g;
}

void plc_conceal(struct plc *p, int16_t *out, size_t n)
{
	float buf[FRAME];
	size_t i, done = 0;

	while (done < n) {
		size_t m = n - done < FRAME ? n - done : FRAME;

		for (i = 0; i < m; i++) {
			uint32_t e = p->erased;
			float v;

			if (e >= SILENT_AFTER) {
				v = 0.0f;
			} else {
				if (e == 0)
					loss_start(p);
				else if (e == FRAME || e == 2 * FRAME)
					widen(p);
				v = fe_sample(p);
				if (p->ola_pos < p->poverlap) {
					float w = (float)(p->ola_pos + 1) / (p->poverlap + 1);

					v = (1.0f - w) * p->ola[p->ola_pos] + w * v;
					p->ola_pos++;
				}
				if (e < p->poverlap)
					v += p->offset * (float)(p->poverlap - e) /
					     (p->poverlap + 1);
				v = clip(v * gain_at(e));
			}
			if (p->erased < UINT32_MAX)
				p->erased++;
			buf[i] = v;
			out[done + i] = (int16_t)lrintf(v);
		}
		history_add(p, buf, m);
		done += m;
	}
}

void plc_good(struct plc *p, int16_t *s, size_t n)
{
	float buf[FRAME];
	size_t i, done = 0;

	if (p->erased) {
		uint32_t frames = (p->erased + FRAME - 1) / FRAME;
		size_t olen = p->poverlap + (frames - 1) * EOVERLAPINCR;
		float gain = gain_at(p->erased), incr, lw, rw;

		if (olen > FRAME)
			olen = FRAME;
		if (olen > n)
			olen = n;
		if (p->erased >= SILENT_AFTER)
			gain = 0.0f;
		if (olen) {
			incr = 1.0f / olen;
			lw = (1.0f - incr) * gain;
			rw = incr;
			for (i = 0; i < olen; i++) {
				float f = p->erased >= SILENT_AFTER ? 0.0f : fe_sample(p);

				s[i] = (int16_t)lrintf(clip(lw * f + rw * s[i]));
				lw -= incr * gain;
				rw += incr;
			}
		}
		p->erased = 0;
	}
	while (done < n) {
		size_t m = n - done < FRAME ? n - done : FRAME;

		for (i = 0; i < m; i++)
			buf[i] = s[done + i];
		history_add(p, buf, m);
		done += m;
	}
}
