// SPDX-License-Identifier: GPL-2.0-only
/* RFC 4733 telephone-events <-> in-band DTMF (see media_dtmf.h). */
#include <errno.h>
#include <string.h>

#include "media_dtmf.h"

static const char events[] = "0123456789*#ABCD";
/* longest tone one event may play: RFC 4733 2.5.2.2, long events are split */
#define MAX_EVENT_SAMPLES (8000 * 8)

void media_dtmf_init(struct media_dtmf *d)
{
	memset(d, 0, sizeof(*d));
	dtmf_gen_init(&d->gen);
	dtmf_det_init(&d->det);
}

bool media_dtmf_rx_busy(const struct media_dtmf *d)
{
	return d->rx_active;
}

/* RFC 4733 2.3: event (8) | E R volume (6) | duration (16) */
int media_dtmf_rx(struct media_dtmf *d, const uint8_t *p, size_t len, uint32_t ts, int16_t *out,
		  size_t max)
{
	unsigned ev, vol;
	bool end;
	uint32_t dur, due;
	size_t n;

	if (len < 4)
		return -EBADMSG;
	ev = p[0];
	end = p[1] & 0x80;
	vol = p[1] & 0x3f;
	dur = (uint32_t)p[2] << 8 | p[3];
	if (ev > 15)
		return 0; /* not a DTMF event (flash, tones): nothing to play */
	if (d->rx_ended && ts == d->rx_ts)
		return 0; /* a retransmitted end */
	if (!d->rx_active || ts != d->rx_ts) {
		/* a new event; one still playing without its end is cut short */
		dtmf_gen_stop(&d->gen);
		if (dtmf_gen_start(&d->gen, events[ev], MAX_EVENT_SAMPLES / 8, 0,
				   vol < 3 ? -3 : -(int)vol))
			return -EBADMSG;
		d->rx_active = true;
		d->rx_ended = false;
		d->rx_ts = ts;
		d->rx_played = 0;
		d->rx_events++;
	}
	due = dur > MAX_EVENT_SAMPLES ? MAX_EVENT_SAMPLES : dur;
	n = due > d->rx_played ? due - d->rx_played : 0;
	if (n > max)
		n = max;
	n = dtmf_gen_fill(&d->gen, out, n);
	d->rx_played += (uint32_t)n;
	if (end) {
		dtmf_gen_stop(&d->gen);
		d->rx_active = false;
		d->rx_ended = true;
	}
	return (int)n;
}

static unsigned event_code(char digit)
{
	const char *p = strchr(events, digit);

	return p ? (unsigned)(p - events) : 0;
}

static void event_payload(uint8_t p[4], char digit, bool end, uint32_t dur)
{
	if (dur > 0xffff)
		dur = 0xffff;
	p[0] = (uint8_t)event_code(digit);
	p[1] = (uint8_t)((end ? 0x80 : 0) | 10); /* volume: -10 dBm0, as Q.23 sends */
	p[2] = (uint8_t)(dur >> 8);
	p[3] = (uint8_t)dur;
}

int media_dtmf_tx(struct media_dtmf *d, const int16_t *lin, size_t n, uint32_t ts,
		  uint8_t payload[4], bool *marker, uint32_t *ev_ts)
{
	struct dtmf_event ev[4];
	char now;

	dtmf_det_process(&d->det, lin, n, ev, 4);
	now = dtmf_det_digit(&d->det);
	*marker = false;
	if (d->tx_digit && now != d->tx_digit) {
		/* the digit ended: its end packet, three times (RFC 4733 2.5.1.4) */
		*ev_ts = d->tx_ts;
		event_payload(payload, d->tx_digit, true, ts - d->tx_ts);
		d->tx_digit = 0;
		return MEDIA_DTMF_END_COPIES;
	}
	if (now && !d->tx_digit) {
		/* a new event starts with this packet */
		d->tx_digit = now;
		d->tx_ts = ts;
		d->tx_events++;
		*marker = true;
	}
	if (!d->tx_digit)
		return 0;
	*ev_ts = d->tx_ts;
	event_payload(payload, d->tx_digit, false, ts + (uint32_t)n - d->tx_ts);
	return 1;
}
