/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Packet loss concealment for G.711 after ITU-T G.711 Appendix I: keeps
 * a history of the good audio; a loss is filled by repeating the last
 * pitch period(s) with a 1/4-wavelength overlap-add, widened to 2 and 3
 * periods after 10 and 20 ms, attenuated by 20% per 10 ms after the first
 * 10 ms and silent after 60 ms; the first good audio after a loss is
 * overlap-added with the synthetic continuation. Unlike the Appendix, it
 * adds no delay: the start of a loss is smoothed on the synthetic side.
 * Plain struct, no allocation, bounded work per sample.
 */
#ifndef PRIGATE_PLC_H
#define PRIGATE_PLC_H

#include <stddef.h>
#include <stdint.h>

#define PLC_PITCH_MIN 40				    /* 200 Hz */
#define PLC_PITCH_MAX 120				    /* 66.7 Hz */
#define PLC_HISTORY (PLC_PITCH_MAX * 3 + PLC_PITCH_MAX / 4) /* 390 */
#define PLC_MAX_MS 60					    /* silence after this much loss */

struct plc {
	float hist[PLC_HISTORY];	/* the last output samples, oldest first */
	float pbuf[PLC_HISTORY];	/* copy of the history at the loss, last quarter smoothed */
	float lastq[PLC_PITCH_MAX / 4]; /* the history's last quarter period */
	float ola[PLC_PITCH_MAX / 4];	/* old continuation, when the pitch buffer widens */
	uint32_t erased;		/* samples concealed in this loss, 0: none */
	unsigned pitch;
	unsigned poverlap;  /* pitch / 4 */
	unsigned pitchblen; /* periods in use * pitch */
	unsigned poffset;   /* read position, from the start of the periods in use */
	unsigned ola_pos;   /* samples of ola[] blended so far */
	float offset;	    /* start-of-loss correction, decays over poverlap */
};

void plc_init(struct plc *p);
/* good audio: smoothed in place when it ends a loss, then kept as history */
void plc_good(struct plc *p, int16_t *s, size_t n);
/* n samples of lost audio */
void plc_conceal(struct plc *p, int16_t *out, size_t n);

#endif
