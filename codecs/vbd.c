// SPDX-License-Identifier: GPL-2.0-only
/*
 * Voice-band data detection: fax and modem tones (see vbd.h).
 *
 * Tones: a Goertzel filter per frequency on 10 ms blocks. A block holds
 * the tone when the filter has most of the block's energy; the tone is
 * recognised after enough consecutive blocks (one missing block is
 * forgiven). 1100 Hz and 2100 Hz are whole multiples of 100 Hz, so a tone
 * on frequency keeps its phase from block to block; a phase reversal shows
 * as a jump of about 180 degrees against the advance learnt so far.
 *
 * V.21 channel 2: the samples are mixed down with a 1650 Hz and an 1850 Hz
 * phasor and integrated over one bit; the stronger one is the bit (mark 1).
 * A bit clock resynchronised on every transition samples it, and HDLC
 * flags (0x7e) are counted in the bit stream.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "dsp.h"
#include "vbd.h"

#define TONE_RATIO 0.6f      /* share of the block's energy in the tone */
#define TONE_MIN_DBM0 (-40.0) /* quietest tone recognised */
#define CNG_BLOCKS 35        /* 350 ms */
#define ANS_BLOCKS 40        /* 400 ms */
#define REV_MIN_BLOCKS 5     /* phase advance learnt before reversals count */
#define REV_HOLDOFF 5        /* blocks between two reversals */
#define V21_FLAGS 4
#define V21_RATIO 0.5f
#define V21_LOST 800         /* 100 ms without the carrier ends a preamble */
#define PI_F 3.14159265f

static float min_block_energy(void)
{
	double rms = DSP_DBM0_RMS * pow(10.0, TONE_MIN_DBM0 / 20.0);

	return (float)(rms * rms * VBD_BLOCK);
}

static void tone_init(struct vbd_tone *t, double hz)
{
	double w = 2.0 * M_PI * hz / DSP_RATE;

	memset(t, 0, sizeof(*t));
	t->coef = (float)(2.0 * cos(w));
	t->c = (float)cos(w);
	t->s = (float)sin(w);
	t->adv_re = 1.0f;
}

void vbd_det_init(struct vbd_det *d)
{
	memset(d, 0, sizeof(*d));
	tone_init(&d->t1100, 1100.0);
	tone_init(&d->t2100, 2100.0);
	d->osc_m[0] = d->osc_s[0] = 1.0f;
	d->last_bit = -1;
}

const char *vbd_signal_name(enum vbd_signal sig)
{
	switch (sig) {
	case VBD_CNG:
		return "CNG";
	case VBD_ANS:
		return "ANS";
	case VBD_ANS_PR:
		return "ANS/PR";
	case VBD_V21:
		return "V.21";
	default:
		return "none";
	}
}

static int emit(struct vbd_event *ev, int n, int max_ev, enum vbd_signal sig, uint32_t pos)
{
	if (n < max_ev) {
		ev[n].sig = sig;
		ev[n].sample = pos;
		n++;
	}
	return n;
}

/*
 * One 10 ms block done: 1 when it held the tone, 0 when it did not but the
 * tone goes on (one block is forgiven: a phase reversal inside a block
 * cancels part of it), -1 when the tone is gone.
 */
static int tone_block(struct vbd_tone *t, float energy, bool *reversal)
{
	float re = t->v1 - t->v2 * t->c, im = t->v2 * t->s;
	float p = re * re + im * im, mag;
	bool on = energy >= min_block_energy() && p >= TONE_RATIO * energy * (VBD_BLOCK / 2.0f);

	t->v1 = t->v2 = 0;
	*reversal = false;
	if (!on) {
		if (t->blocks && !t->missed) {
			t->missed = true;
			/* the block before the gap is two blocks back from the next */
			t->prev2_re = t->prev_re;
			t->prev2_im = t->prev_im;
			t->prev_ok = false;
			return 0;
		}
		t->prev_ok = t->prev2_ok = false;
		return -1;
	}
	mag = sqrtf(p);
	re /= mag;
	im /= mag;
	if (t->prev2_ok) {
		/* against the block two back: a reversal turns it by about 180 degrees */
		float d_re = re * t->prev2_re + im * t->prev2_im;
		float d_im = im * t->prev2_re - re * t->prev2_im;
		float a2_re = t->adv_re * t->adv_re - t->adv_im * t->adv_im;
		float a2_im = 2.0f * t->adv_re * t->adv_im;
		float dev = fabsf(atan2f(d_im * a2_re - d_re * a2_im, d_re * a2_re + d_im * a2_im));

		if (t->holdoff)
			t->holdoff--;
		if (t->blocks >= REV_MIN_BLOCKS && !t->holdoff && dev > 2.0f * PI_F / 3.0f) {
			*reversal = true;
			t->holdoff = REV_HOLDOFF;
		}
	}
	if (t->prev_ok && !t->holdoff) {
		/* learn the advance per block from steps with no reversal near */
		float s_re = re * t->prev_re + im * t->prev_im;
		float s_im = im * t->prev_re - re * t->prev_im;
		float sdev = fabsf(atan2f(s_im * t->adv_re - s_re * t->adv_im,
					  s_re * t->adv_re + s_im * t->adv_im));

		if (!t->adv_ok) {
			t->adv_re = s_re;
			t->adv_im = s_im;
			t->adv_ok = true;
		} else if (sdev < PI_F / 3.0f) {
			float n;

			t->adv_re += 0.25f * (s_re - t->adv_re);
			t->adv_im += 0.25f * (s_im - t->adv_im);
			n = sqrtf(t->adv_re * t->adv_re + t->adv_im * t->adv_im);
			if (n > 0) {
				t->adv_re /= n;
				t->adv_im /= n;
			}
		}
	}
	if (!t->missed || t->prev_ok) {
		t->prev2_re = t->prev_re;
		t->prev2_im = t->prev_im;
	}
	t->prev2_ok = t->prev_ok || t->missed;
	t->prev_re = re;
	t->prev_im = im;
	t->prev_ok = true;
	t->missed = false;
	return 1;
}

static void tone_reset(struct vbd_tone *t)
{
	t->blocks = 0;
	t->reversals = 0;
	t->reported = 0;
	t->holdoff = 0;
	t->missed = false;
	t->adv_ok = false;
	t->adv_re = 1.0f;
	t->adv_im = 0;
}

static int blocks_done(struct vbd_det *d, struct vbd_event *ev, int n, int max_ev)
{
	bool rev;

	int on = tone_block(&d->t1100, d->energy, &rev);

	if (on > 0 && ++d->t1100.blocks == CNG_BLOCKS)
		n = emit(ev, n, max_ev, VBD_CNG, d->pos);
	else if (on < 0)
		tone_reset(&d->t1100);
	on = tone_block(&d->t2100, d->energy, &rev);
	if (on > 0) {
		struct vbd_tone *t = &d->t2100;

		t->blocks++;
		if (rev)
			t->reversals++;
		if (t->reversals && !(t->reported & 2)) {
			t->reported |= 3;
			n = emit(ev, n, max_ev, VBD_ANS_PR, d->pos);
		} else if (t->blocks >= ANS_BLOCKS && !t->reported) {
			t->reported |= 1;
			n = emit(ev, n, max_ev, VBD_ANS, d->pos);
		}
	} else if (on < 0) {
		tone_reset(&d->t2100);
	}
	d->energy = 0;
	return n;
}

/* --- V.21 channel 2 ------------------------------------------------------ */

static void v21_rebuild_sums(struct vbd_det *d)
{
	unsigned i;

	d->m_re = d->m_im = d->s_re = d->s_im = d->e_win = 0;
	for (i = 0; i < VBD_V21_WIN; i++) {
		d->m_re += d->mark_re[i];
		d->m_im += d->mark_im[i];
		d->s_re += d->space_re[i];
		d->s_im += d->space_im[i];
		d->e_win += d->sq[i];
	}
	d->since_reset = 0;
}

static int v21_sample(struct vbd_det *d, float x, struct vbd_event *ev, int n, int max_ev)
{
	/* the oscillators turn by 1650 and 1850 Hz a sample: cos and sin of the step */
	static const float rm[2] = {0.27144045f, 0.96245524f}, rs[2] = {0.11753740f, 0.99306846f};
	unsigned w = d->widx;
	float cm = d->osc_m[0], sm = d->osc_m[1], cs = d->osc_s[0], ss = d->osc_s[1];
	float em, es, thr;
	int bit;

	d->osc_m[0] = cm * rm[0] - sm * rm[1];
	d->osc_m[1] = sm * rm[0] + cm * rm[1];
	d->osc_s[0] = cs * rs[0] - ss * rs[1];
	d->osc_s[1] = ss * rs[0] + cs * rs[1];
	d->m_re += x * cm - d->mark_re[w];
	d->m_im += -x * sm - d->mark_im[w];
	d->s_re += x * cs - d->space_re[w];
	d->s_im += -x * ss - d->space_im[w];
	d->e_win += x * x - d->sq[w];
	d->mark_re[w] = x * cm;
	d->mark_im[w] = -x * sm;
	d->space_re[w] = x * cs;
	d->space_im[w] = -x * ss;
	d->sq[w] = x * x;
	d->widx = (w + 1) % VBD_V21_WIN;
	if (++d->since_reset >= DSP_RATE) {
		/* no drift from the running sums, nor from the oscillators' length */
		float nm = sqrtf(d->osc_m[0] * d->osc_m[0] + d->osc_m[1] * d->osc_m[1]);
		float ns = sqrtf(d->osc_s[0] * d->osc_s[0] + d->osc_s[1] * d->osc_s[1]);

		d->osc_m[0] /= nm;
		d->osc_m[1] /= nm;
		d->osc_s[0] /= ns;
		d->osc_s[1] /= ns;
		v21_rebuild_sums(d);
	}

	em = d->m_re * d->m_re + d->m_im * d->m_im;
	es = d->s_re * d->s_re + d->s_im * d->s_im;
	thr = V21_RATIO * d->e_win * (VBD_V21_WIN / 2.0f);
	if (d->e_win < min_block_energy() * VBD_V21_WIN / VBD_BLOCK || em + es < thr) {
		/* no carrier */
		if (d->last_bit >= 0 && ++d->lost >= V21_LOST) {
			d->last_bit = -1;
			d->flags = 0;
			d->v21_reported = 0;
		}
		return n;
	}
	d->lost = 0;
	bit = em > es;
	if (bit != d->last_bit) {
		d->last_bit = bit;
		d->bit_acc = 40; /* mid-bit: a bit is 80 thirds of a sample */
		return n;
	}
	d->bit_acc += 3;
	if (d->bit_acc < 80)
		return n;
	d->bit_acc -= 80;
	d->shreg = (uint8_t)((d->shreg >> 1) | (bit << 7));
	d->bits_since_flag++;
	if (d->shreg == 0x7e) {
		d->flags = d->bits_since_flag == 8 ? d->flags + 1 : 1;
		d->bits_since_flag = 0;
		if (d->flags >= V21_FLAGS && !d->v21_reported) {
			d->v21_reported = 1;
			n = emit(ev, n, max_ev, VBD_V21, d->pos);
		}
	} else if (d->bits_since_flag > 8) {
		d->flags = 0;
	}
	return n;
}

int vbd_det_process(struct vbd_det *d, const int16_t *s, size_t len, struct vbd_event *ev,
		    int max_ev)
{
	int n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		float x = s[i];
		float v;

		v = x + d->t1100.coef * d->t1100.v1 - d->t1100.v2;
		d->t1100.v2 = d->t1100.v1;
		d->t1100.v1 = v;
		v = x + d->t2100.coef * d->t2100.v1 - d->t2100.v2;
		d->t2100.v2 = d->t2100.v1;
		d->t2100.v1 = v;
		d->energy += x * x;
		n = v21_sample(d, x, ev, n, max_ev);
		d->pos++;
		if (++d->fill == VBD_BLOCK) {
			d->fill = 0;
			n = blocks_done(d, ev, n, max_ev);
		}
	}
	return n;
}
