/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Voice-band data detection on 8 kHz 16-bit linear samples: the signals
 * that say a fax machine or a modem is on the line, so the media path can
 * switch to passthrough (fixed jitter buffer, no PLC or comfort noise, no
 * echo canceller):
 *
 *  - CNG (T.30): the calling fax's 1100 Hz, 0.5 s on / 3 s off;
 *  - ANS (V.25, T.30 CED): 2100 Hz from the answering side;
 *  - /ANS, ANSam (V.25, V.8): 2100 Hz with a phase reversal every 450 ms,
 *    the G.165/G.168 signal to disable echo cancellers;
 *  - the V.21 channel 2 preamble (T.30): HDLC flags at 300 bit/s, mark
 *    1650 Hz, space 1850 Hz.
 *
 * A plain struct the caller embeds; no allocation, bounded work per sample.
 */
#ifndef PRIGATE_VBD_H
#define PRIGATE_VBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vbd_signal {
	VBD_NONE,
	VBD_CNG,    /* 1100 Hz for 350 ms or more */
	VBD_ANS,    /* 2100 Hz for 400 ms or more, no phase reversal yet */
	VBD_ANS_PR, /* 2100 Hz with a phase reversal: /ANS or ANSam */
	VBD_V21,    /* four consecutive V.21 channel 2 HDLC flags */
};

struct vbd_event {
	enum vbd_signal sig;
	uint32_t sample; /* when it was recognised, in samples since init */
};

#define VBD_BLOCK 80   /* tone blocks: 10 ms */
#define VBD_V21_WIN 27 /* FSK integration: one bit at 300 bit/s */

struct vbd_tone {
	float v1, v2;     /* Goertzel state */
	float coef, c, s; /* 2cos(w), cos(w), sin(w) */
	unsigned blocks;  /* consecutive blocks holding the tone */
	float prev_re, prev_im, prev2_re, prev2_im; /* the last two blocks' phases */
	bool prev_ok, prev2_ok, missed;
	float adv_re, adv_im; /* smoothed phase advance per block */
	bool adv_ok;
	unsigned holdoff;     /* blocks until the next reversal may count */
	unsigned reversals;
	int reported;
};

struct vbd_det {
	uint32_t pos;
	unsigned fill;
	float energy;
	struct vbd_tone t1100, t2100;
	/* V.21 channel 2 demodulator */
	float mark_re[VBD_V21_WIN], mark_im[VBD_V21_WIN];
	float space_re[VBD_V21_WIN], space_im[VBD_V21_WIN];
	float sq[VBD_V21_WIN];
	float m_re, m_im, s_re, s_im, e_win; /* running sums over the window */
	unsigned widx;
	float osc_m[2], osc_s[2]; /* local oscillators: cos, sin of the phase */
	unsigned lost;    /* samples without the carrier */
	int last_bit;
	unsigned bit_acc; /* bit clock, in thirds of a sample: a bit is 80 */
	uint8_t shreg;
	unsigned bits_since_flag, flags;
	int v21_reported;
	unsigned since_reset; /* samples since the window sums were rebuilt */
};

void vbd_det_init(struct vbd_det *d);
/*
 * Feed n samples. Each signal is reported once per occurrence (a tone
 * again after a pause is reported again). Returns how many events were
 * stored in ev (at most max_ev; 2 always suffice for n <= 320).
 */
int vbd_det_process(struct vbd_det *d, const int16_t *s, size_t n, struct vbd_event *ev,
		    int max_ev);
const char *vbd_signal_name(enum vbd_signal sig);

#endif
