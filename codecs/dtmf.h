/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTMF (ITU-T Q.23/Q.24) on 8 kHz 16-bit linear samples: a Goertzel
 * detector that reports digit start and end with their sample positions,
 * and a generator with a small queue of digits. Both are plain structs the
 * caller embeds: no allocation, bounded work per sample.
 */
#ifndef PRIGATE_DTMF_H
#define PRIGATE_DTMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Goertzel block: 102 samples = 12.75 ms; a digit is accepted after 2 blocks agree */
#define DTMF_BLOCK 102

struct dtmf_event {
	char digit;	 /* '0'-'9', '*', '#', 'A'-'D' */
	bool end;	 /* false: the digit started; true: it stopped */
	uint32_t sample; /* start (or end) of the tone, in samples since dtmf_det_init (mod 2^32) */
	uint32_t duration; /* end events: the tone's length in samples */
	int level_dbm0;	   /* the tone's level, the stronger of its two frequencies */
};

/*
 * The detector's state; treat as opaque. Two banks of Goertzel filters run
 * on 102-sample blocks staggered by half a block, so a block ends every 51
 * samples (6.4 ms): that resolution is what separates a 23 ms tone from a
 * 40 ms one, and consecutive blocks' phases give the frequency offset.
 */
struct dtmf_det {
	float v1[2][16], v2[2][16]; /* per bank: 8 fundamentals, 8 second harmonics */
	float energy[2];
	unsigned fill;		      /* samples into the current half block */
	uint8_t bank;		      /* the bank whose block ends next */
	uint32_t pos;		      /* samples seen since init */
	float prev_re[8], prev_im[8]; /* the previous block's fundamentals */
	/* the run of consecutive blocks holding one candidate digit */
	char cand;
	unsigned run;
	uint32_t run_start;			    /* start of the run's first block */
	float run_row, run_col, run_row2, run_col2; /* summed powers (2: harmonics) */
	float run_prow_re, run_prow_im, run_pcol_re, run_pcol_im;     /* phase advances */
	float half_prow_re, half_prow_im, half_pcol_re, half_pcol_im; /* the first two */
	/* the digit reported as started */
	char cur;
	unsigned miss; /* blocks without it since it was last seen */
	uint32_t cur_start;
	uint32_t cur_last; /* start of the last block that held it */
	int cur_level;
};

void dtmf_det_init(struct dtmf_det *d);
/*
 * Feed n samples (any n); up to max_ev start/end events are stored in ev.
 * Returns how many were stored; events beyond max_ev are dropped (4 always
 * suffice for n <= 320, 20 ms frames give at most 2). A start event comes
 * 25-45 ms after the tone's start, an end event 20-30 ms after its end;
 * their sample fields say when it really was (within about 6 ms).
 */
int dtmf_det_process(struct dtmf_det *d, const int16_t *s, size_t n, struct dtmf_event *ev,
		     size_t max_ev);
/* a digit has started and not yet ended: mute the in-band audio */
bool dtmf_det_active(const struct dtmf_det *d);
/* the digit now active, 0 if none; with dtmf_det_duration for RFC 4733 updates */
char dtmf_det_digit(const struct dtmf_det *d);
/* samples since the active digit's start (0 if none) */
uint32_t dtmf_det_duration(const struct dtmf_det *d);

/* --- generator ------------------------------------------------------------ */

#define DTMF_GEN_QUEUE 32
#define DTMF_GEN_LEVEL_DEFAULT (-10) /* dBm0 per frequency, no twist */

struct dtmf_gen {
	struct {
		char digit;
		int8_t level_dbm0;
		uint32_t on, off; /* samples */
	} q[DTMF_GEN_QUEUE];
	unsigned head, count;
	uint32_t pos; /* samples into the current digit (tone, then pause) */
};

void dtmf_gen_init(struct dtmf_gen *g);
/*
 * Queue a digit: on_ms of tone at level_dbm0 per frequency, then off_ms of
 * silence. 0, -EINVAL (not a DTMF digit, level above 0 dBm0) or -ENOSPC.
 */
int dtmf_gen_start(struct dtmf_gen *g, char digit, unsigned on_ms, unsigned off_ms, int level_dbm0);
/*
 * Write up to n samples of the queued digits (tone or pause) to out and
 * return how many; a return below n means the queue ran empty and
 * out[ret..n) is left as it was (so a caller may pre-fill it with audio).
 */
size_t dtmf_gen_fill(struct dtmf_gen *g, int16_t *out, size_t n);
bool dtmf_gen_busy(const struct dtmf_gen *g);
/* drop the queue and the digit playing now */
void dtmf_gen_stop(struct dtmf_gen *g);

/* Q.23 frequencies of a digit; 0 or -EINVAL */
int dtmf_freqs(char digit, unsigned *low_hz, unsigned *high_hz);

#endif
