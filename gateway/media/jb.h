/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Adaptive jitter buffer for RTP -> TDM. Packets are placed by RTP
 * timestamp into a fixed ring of line-code samples; the TDM clock pulls
 * them out (jb_get), so it is the master. The playout depth follows the
 * measured jitter (RFC 3550 interarrival with a fast-rising peak) within
 * [min_ms, max_ms]; it is re-aligned at a talkspurt start (marker) and
 * otherwise corrected by dropping or repeating single samples in
 * low-energy stretches, which absorbs sender clock drift. Loss is
 * concealed with codecs/plc, comfort noise (RFC 3389) with codecs/cng.
 * Plain struct, no allocation, bounded work per sample.
 */
#ifndef PRIGATE_JB_H
#define PRIGATE_JB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cng.h"
#include "g711.h"
#include "plc.h"

#define JB_SIZE 4096 /* samples: 512 ms, a power of two */
#define JB_MAX_GET 480

struct jb_conf {
	unsigned init_ms, min_ms, max_ms;
	bool fixed; /* no steering: the depth set at each alignment stays (no drift cure) */
	enum g711_law law; /* of the samples put and got */
};

struct jb_stats {
	uint32_t depth;				/* samples buffered now */
	uint32_t target;			/* samples the depth is steered to */
	uint64_t concealed, dropped, inserted;	/* samples */
	uint64_t late, dup, underruns, resyncs; /* packets / events */
};

struct jb {
	struct jb_conf conf;
	uint8_t buf[JB_SIZE];
	uint8_t kind[JB_SIZE];
	bool started, underrun, cn, have_transit;
	bool passthrough; /* voice-band data: no steering, no PLC, no CN */
	unsigned late_run;
	uint32_t frozen; /* samples concealed on an empty buffer */
	uint32_t ssrc;
	uint32_t rd;	      /* timestamp of the next sample played */
	uint32_t end;	      /* timestamp after the newest sample held */
	uint32_t clock;	      /* samples played (the TDM clock) */
	int32_t transit;      /* of the last packet (RFC 3550 A.8) */
	uint32_t jitter;      /* RFC 3550 J, in samples << 4 */
	uint32_t peak;	      /* fast-rising, slowly decaying |D|, samples << 8 */
	uint32_t frame;	      /* samples in the last packet */
	int32_t avg_depth;    /* depth after each put, samples << 4 */
	uint32_t align_depth; /* the target when the talkspurt started */
	uint32_t adj_wait;    /* samples until the next drop/insert is allowed */
	struct plc plc;
	struct cng cng;
	struct jb_stats st;
};

enum jb_pt { JB_AUDIO, JB_CN };

void jb_init(struct jb *jb, const struct jb_conf *conf);
/*
 * A packet's payload: G.711 in conf->law (JB_AUDIO) or an RFC 3389 payload
 * (JB_CN). Any values are safe. 0, or -EINVAL when the payload is refused.
 */
int jb_put(struct jb *jb, uint32_t ssrc, uint32_t ts, bool marker, enum jb_pt pt, const uint8_t *pl,
	   size_t len);
/* n (<= JB_MAX_GET) samples for the line, in conf->law; always fills out */
void jb_get(struct jb *jb, uint8_t *out, size_t n);
void jb_get_stats(const struct jb *jb, struct jb_stats *st);
/*
 * Fax or modem on the line (V.152 voice-band data): the depth stays where
 * it is (no sample dropped or repeated) and gaps play silence, not
 * concealment or comfort noise, which would corrupt the data signal.
 */
void jb_passthrough(struct jb *jb);

#endif
