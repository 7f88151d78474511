// SPDX-License-Identifier: GPL-2.0-only
/*
 * Adaptive jitter buffer (see jb.h). The ring holds line-code bytes so
 * audio that arrives intact leaves bit-exact; it is decoded only to keep
 * the concealment history and to smooth the first audio after a loss.
 */
#include <errno.h>
#include <string.h>

#include "jb.h"

#define JB_MASK (JB_SIZE - 1)
#define JB_MARGIN 40	  /* samples kept beyond the peak jitter */
#define JB_HYST 16	  /* samples of depth error tolerated in silence */
#define JB_HYST_SPEECH 80 /* ... and in speech */
#define JB_ADJ_SPACING 80 /* samples between two drops/inserts in speech */
#define JB_QUIET 512	  /* |linear| below this may be dropped or repeated */
#define JB_LATE_RESYNC 8  /* late packets in a row: the sender jumped back */
#define JB_PEAK_DECAY 12  /* peak -= peak >> 12 per packet: about 80 s at 20 ms */

enum { K_EMPTY, K_AUDIO, K_SILENT };
enum { O_IDLE, O_AUDIO, O_SILENT, O_CONCEAL, O_CN };

static int16_t lin(const struct jb *jb, uint8_t c)
{
	return jb->conf.law == G711_ALAW ? g711_alaw2lin(c) : g711_ulaw2lin(c);
}

static uint8_t code(const struct jb *jb, int16_t s)
{
	return jb->conf.law == G711_ALAW ? g711_lin2alaw(s) : g711_lin2ulaw(s);
}

void jb_init(struct jb *jb, const struct jb_conf *conf)
{
	uint32_t init = conf->init_ms * 8;

	memset(jb, 0, sizeof(*jb));
	jb->conf = *conf;
	if (jb->conf.max_ms * 8 > JB_SIZE / 2)
		jb->conf.max_ms = JB_SIZE / 16;
	if (jb->conf.min_ms > jb->conf.max_ms)
		jb->conf.min_ms = jb->conf.max_ms;
	jb->frame = 160;
	jb->peak = (init > jb->frame ? init - jb->frame : 0) << 8;
	plc_init(&jb->plc);
	cng_init(&jb->cng);
	jb->st.target = init;
}

static uint32_t jb_target(const struct jb *jb)
{
	uint32_t t = jb->frame + JB_MARGIN + (jb->peak >> 8);
	uint32_t lo = jb->conf.min_ms * 8, hi = jb->conf.max_ms * 8;

	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	return t < jb->frame ? jb->frame : t;
}

/* play the packet at ts..ts+n after target samples; silence until then */
static void jb_align(struct jb *jb, uint32_t ts, uint32_t n, bool clear)
{
	uint32_t t = jb_target(jb), i;

	if (clear)
		memset(jb->kind, K_EMPTY, sizeof(jb->kind));
	jb->rd = ts + n - t;
	for (i = jb->rd; (int32_t)(ts - i) > 0; i++)
		jb->kind[i & JB_MASK] = K_SILENT;
	jb->end = ts;
	jb->avg_depth = (int32_t)t << 4;
	jb->align_depth = t;
	jb->late_run = 0;
	jb->have_transit = false;
}

static void jb_jitter(struct jb *jb, uint32_t ts)
{
	int32_t transit = (int32_t)(jb->clock - ts), d;
	uint32_t a;

	if (jb->have_transit) {
		d = transit - jb->transit;
		a = (uint32_t)(d < 0 ? -d : d);
		if (a > JB_SIZE)
			a = JB_SIZE;
		jb->jitter += a - (jb->jitter >> 4); /* J += (|D| - J) / 16, J << 4 */
		if (a << 8 > jb->peak)
			jb->peak = a << 8;
		else
			jb->peak -= jb->peak >> JB_PEAK_DECAY;
	}
	jb->transit = transit;
	jb->have_transit = true;
}

int jb_put(struct jb *jb, uint32_t ssrc, uint32_t ts, bool marker, enum jb_pt pt, const uint8_t *pl,
	   size_t len)
{
	uint32_t n, i, skip;
	bool dup = true, jump;
	int32_t d;

	if (pt == JB_CN) {
		struct cng_params p;

		if (cng_parse(&p, pl, len))
			return -EINVAL;
		cng_set_params(&jb->cng, &p);
		jb->cn = true;
		return 0;
	}
	if (!len || len > JB_MAX_GET)
		return -EINVAL;
	n = (uint32_t)len;
	d = (int32_t)(ts - jb->rd);
	jump = d > (int32_t)(jb->conf.max_ms * 8 + 2 * n) || d + (int32_t)n > JB_SIZE ||
	       d < -JB_SIZE || (d + (int32_t)n <= 0 && jb->late_run >= JB_LATE_RESYNC);
	if (!jb->started || ssrc != jb->ssrc || (jump && !(marker && jb->rd == jb->end))) {
		/* a new source or a timestamp jump: start over */
		jb->ssrc = ssrc;
		jb->started = true;
		jb->st.resyncs++;
		jb->frame = n;
		jb_align(jb, ts, n, true);
	} else if (marker && jb->rd == jb->end) {
		/* a talkspurt starts on an empty buffer: take up the new target */
		jb->frame = n;
		jb_align(jb, ts, n, jump);
	} else if (jb->underrun && d > 0) {
		/* the audio concealed while the buffer was empty stood for this gap */
		skip = d < (int32_t)jb->frozen ? (uint32_t)d : jb->frozen;
		jb->rd += skip;
		jb->end = jb->rd;
	}
	jb->frozen = 0;
	jb_jitter(jb, ts);
	d = (int32_t)(ts - jb->rd);
	if (d + (int32_t)n <= 0) {
		jb->st.late++;
		jb->late_run++;
		return 0;
	}
	jb->late_run = 0;
	skip = d < 0 ? (uint32_t)-d : 0;
	for (i = skip; i < n; i++)
		if (jb->kind[(ts + i) & JB_MASK] != K_AUDIO)
			dup = false;
	if (dup) {
		jb->st.dup++;
		return 0;
	}
	for (i = skip; i < n; i++) {
		jb->buf[(ts + i) & JB_MASK] = pl[i];
		jb->kind[(ts + i) & JB_MASK] = K_AUDIO;
	}
	if ((int32_t)(ts + n - jb->end) > 0) {
		jb->end = ts + n;
		jb->frame = n;
		/* the depth right after an in-order packet: the top of the sawtooth */
		jb->avg_depth += ((int32_t)((jb->end - jb->rd) << 4) - jb->avg_depth) / 16;
	}
	jb->underrun = false;
	jb->cn = false;
	return 0;
}

/*
 * +1: drop the next sample, -1: repeat this one, 0: neither. In silence
 * the depth is steered to the target both ways. In speech it is lowered
 * only when it exceeds both the target and the talkspurt's starting depth
 * by JB_HYST_SPEECH (sender drift), so clean audio leaves bit-exact, and
 * raised when it falls below the target (a risen target, drift the other
 * way). A sample is changed only where it is quiet, unless the error
 * grows large.
 */
static int jb_steer(const struct jb *jb, uint8_t k, uint8_t c, int32_t avg)
{
	int32_t t = (int32_t)jb_target(jb), hi, lo;
	int16_t s;
	bool quiet;

	if (k == K_SILENT) {
		if (avg - t > JB_HYST)
			return 1;
		return avg - t < -JB_HYST ? -1 : 0;
	}
	hi = avg - (t > (int32_t)jb->align_depth ? t : (int32_t)jb->align_depth);
	lo = avg - t;
	if (hi <= JB_HYST_SPEECH && lo >= -JB_HYST)
		return 0;
	s = lin(jb, c);
	quiet = s < JB_QUIET && s > -JB_QUIET;
	if (hi > JB_HYST_SPEECH && (quiet || hi > 2 * JB_HYST_SPEECH))
		return 1;
	/* running dry is worse than a repeated sample: the margin is the limit */
	if (lo < -JB_HYST && (quiet || lo < JB_HYST - JB_MARGIN))
		return -1;
	return 0;
}

static void jb_render(struct jb *jb, uint8_t *out, const uint8_t *ov, size_t n)
{
	int16_t l[JB_MAX_GET];
	uint8_t idle = g711_silence(jb->conf.law);
	size_t i = 0, j, k;
	bool was;

	while (i < n) {
		for (j = i; j < n && ov[j] == ov[i]; j++)
			;
		switch (ov[i]) {
		case O_IDLE:
			memset(out + i, idle, j - i);
			break;
		case O_AUDIO:
			was = jb->plc.erased != 0;
			for (k = i; k < j; k++)
				l[k] = lin(jb, out[k]);
			plc_good(&jb->plc, l + i, j - i);
			if (was)
				for (k = i; k < j; k++)
					out[k] = code(jb, l[k]);
			break;
		case O_SILENT:
			memset(out + i, idle, j - i);
			memset(l + i, 0, (j - i) * sizeof(l[0]));
			plc_good(&jb->plc, l + i, j - i);
			break;
		case O_CONCEAL:
		case O_CN:
			if (jb->passthrough) {
				memset(out + i, idle, j - i);
				break;
			}
			if (ov[i] == O_CN)
				cng_fill(&jb->cng, l + i, j - i);
			else
				plc_conceal(&jb->plc, l + i, j - i);
			for (k = i; k < j; k++)
				out[k] = code(jb, l[k]);
			break;
		}
		i = j;
	}
}

void jb_get(struct jb *jb, uint8_t *out, size_t n)
{
	uint8_t ov[JB_MAX_GET];
	size_t i;
	int steer;

	if (n > JB_MAX_GET)
		n = JB_MAX_GET;
	for (i = 0; i < n; i++) {
		uint32_t idx = jb->rd & JB_MASK;
		uint8_t k;

		if (!jb->started) {
			ov[i] = O_IDLE;
			continue;
		}
		if (jb->rd == jb->end) {
			/* nothing to play: hold the timeline until audio comes */
			if (jb->cn) {
				ov[i] = O_CN;
				continue;
			}
			if (!jb->underrun)
				jb->st.underruns++;
			jb->underrun = true;
			jb->frozen++;
			ov[i] = O_CONCEAL;
			jb->st.concealed++;
			continue;
		}
		k = jb->kind[idx];
		jb->kind[idx] = K_EMPTY;
		jb->rd++;
		if (k == K_EMPTY) {
			ov[i] = O_CONCEAL;
			jb->st.concealed++;
			continue;
		}
		out[i] = jb->buf[idx];
		ov[i] = k == K_AUDIO ? O_AUDIO : O_SILENT;
		if (jb->passthrough || jb->conf.fixed)
			continue;
		if (jb->adj_wait) {
			jb->adj_wait--;
			continue;
		}
		steer = jb_steer(jb, k, out[i], jb->avg_depth >> 4);
		if (!steer)
			continue;
		if (steer > 0 && jb->rd != jb->end) {
			jb->kind[jb->rd & JB_MASK] = K_EMPTY;
			jb->rd++;
			jb->st.dropped++;
			jb->avg_depth -= 16;
		} else if (steer < 0) {
			jb->rd--;
			jb->kind[idx] = k;
			jb->st.inserted++;
			jb->avg_depth += 16;
		}
		if (k == K_SILENT)
			jb->align_depth = jb_target(jb);
		jb->adj_wait = k == K_SILENT ? 0 : JB_ADJ_SPACING;
	}
	jb->clock += (uint32_t)n;
	jb_render(jb, out, ov, n);
}

void jb_passthrough(struct jb *jb)
{
	jb->passthrough = true;
}

void jb_get_stats(const struct jb *jb, struct jb_stats *st)
{
	*st = jb->st;
	st->depth = jb->started ? jb->end - jb->rd : 0;
	st->target = jb->started ? jb_target(jb) : jb->conf.init_ms * 8;
}
