/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTMF relay for one stream: RFC 4733 telephone-events <-> in-band DTMF on
 * the B-channel. RTP -> TDM: each event packet extends the tone played to
 * its duration (Q.23 generator), redundant end packets are ignored, audio
 * during an event is dropped. TDM -> RTP: the Q.24 detector runs on the
 * B-channel audio; while a digit sounds its audio is replaced by event
 * packets (marker on the first, the same timestamp throughout, the end
 * sent three times). Plain struct, no allocation, bounded work.
 */
#ifndef PRIGATE_MEDIA_DTMF_H
#define PRIGATE_MEDIA_DTMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtmf.h"

#define MEDIA_DTMF_END_COPIES 3

struct media_dtmf {
	/* RTP -> TDM */
	struct dtmf_gen gen;
	bool rx_active;
	uint32_t rx_ts;      /* the event being played (its RTP timestamp) */
	uint32_t rx_played;  /* samples of it played */
	bool rx_ended;       /* rx_ts has ended: later packets of it are redundant */
	uint32_t rx_events;
	/* TDM -> RTP */
	struct dtmf_det det;
	char tx_digit;       /* the digit being sent, 0 when none */
	uint32_t tx_ts;      /* its event timestamp */
	uint32_t tx_events;
};

void media_dtmf_init(struct media_dtmf *d);

/*
 * An RFC 4733 packet arrived (RTP timestamp ts, payload as received).
 * Writes the tone samples now due to out (at most max) and returns how
 * many; -EBADMSG for a malformed payload, 0 for a redundant one.
 */
int media_dtmf_rx(struct media_dtmf *d, const uint8_t *payload, size_t len, uint32_t ts,
		  int16_t *out, size_t max);
/* an event is playing: audio packets are not */
bool media_dtmf_rx_busy(const struct media_dtmf *d);

/*
 * TDM -> RTP, once per packet's worth of B-channel audio (n samples whose
 * packet would carry timestamp ts): runs the detector and returns the
 * number of event packets to send instead of the audio (0: send the
 * audio), with their 4-byte payload and marker bit; the packets' RTP
 * timestamp is *ev_ts.
 */
int media_dtmf_tx(struct media_dtmf *d, const int16_t *lin, size_t n, uint32_t ts,
		  uint8_t payload[4], bool *marker, uint32_t *ev_ts);

#endif
