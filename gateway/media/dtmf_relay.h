/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RFC 4733 telephone-event <-> in-band DTMF for one stream. Receive side:
 * events from RTP become tones (codecs/dtmf generator) that replace the
 * B-channel audio for the event's duration; retransmitted and redundant
 * end packets are played once. Send side: digits the detector finds in
 * the B-channel audio become events (start with marker, an update every
 * packet, three end packets, one timestamp per event) sent instead of the
 * audio while the digit lasts. Plain structs, no allocation.
 */
#ifndef PRIGATE_DTMF_RELAY_H
#define PRIGATE_DTMF_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtmf.h"

#define DTMF_RELAY_PL 4	  /* RFC 4733 2.3: event, E/R/volume, duration */
#define DTMF_RELAY_ENDS 3 /* end packets sent per event (RFC 4733 2.5.1.4) */
#define DTMF_RELAY_MAX_TONE_MS 8000

/* '0'..'9', '*', '#', 'A'..'D' <-> RFC 4733 3.2 event codes 0..15; -EINVAL */
int dtmf_relay_event_code(char digit);
char dtmf_relay_event_digit(unsigned code);

struct dtmf_relay_rx {
	struct dtmf_gen gen;
	bool playing, have_last;
	uint32_t ev_ts;	 /* of the event playing or last played */
	uint32_t played; /* samples of it played */
	uint32_t limit;	 /* stop at this many samples, 0: not known yet */
	uint64_t events; /* digits played */
};

void dtmf_relay_rx_init(struct dtmf_relay_rx *r);
/* an RFC 4733 payload with its RTP timestamp: 0, or -EINVAL (short, not a DTMF event) */
int dtmf_relay_rx_event(struct dtmf_relay_rx *r, uint32_t ts, const uint8_t *pl, size_t len);
/* while a digit plays, its tone replaces out[0..n); false when none plays */
bool dtmf_relay_rx_fill(struct dtmf_relay_rx *r, int16_t *out, size_t n);

struct dtmf_relay_tx_pkt {
	uint8_t pl[DTMF_RELAY_PL];
	bool marker;
	uint32_t ts;
};

struct dtmf_relay_tx {
	struct dtmf_det det;
	bool active; /* sending updates for a digit */
	char digit;
	uint32_t ev_ts;
	uint32_t duration; /* samples, as sent */
	bool first;
	uint64_t events; /* digits sent */
};

void dtmf_relay_tx_init(struct dtmf_relay_tx *t);
/*
 * n samples of B-channel audio that would go out at RTP timestamp ts. The
 * event packets to send instead of the audio are stored in pkts (room
 * for DTMF_RELAY_ENDS + 1); returns how many. When a digit is on, the
 * caller sends these and no audio.
 */
int dtmf_relay_tx_audio(struct dtmf_relay_tx *t, uint32_t ts, const int16_t *s, size_t n,
			struct dtmf_relay_tx_pkt *pkts);
/* the audio of this packet is replaced by events (a digit is on) */
bool dtmf_relay_tx_muted(const struct dtmf_relay_tx *t);

#endif
