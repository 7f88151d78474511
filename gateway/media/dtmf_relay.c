// SPDX-License-Identifier: GPL-2.0-only
/* RFC 4733 telephone-event <-> in-band DTMF (see dtmf_relay.h). */
#include <errno.h>
#include <string.h>

#include "dtmf_relay.h"

#define RELAY_VOLUME 10 /* -dBm0 we report (RFC 4733 2.3.4) */

static const char digits[] = "0123456789*#ABCD";

int dtmf_relay_event_code(char digit)
{
	const char *p = digit ? strchr(digits, digit) : NULL;

	return p ? (int)(p - digits) : -EINVAL;
}

char dtmf_relay_event_digit(unsigned code)
{
	return code < 16 ? digits[code] : 0;
}

void dtmf_relay_rx_init(struct dtmf_relay_rx *r)
{
	memset(r, 0, sizeof(*r));
	dtmf_gen_init(&r->gen);
}

int dtmf_relay_rx_event(struct dtmf_relay_rx *r, uint32_t ts, const uint8_t *pl, size_t len)
{
	char digit;
	bool end;
	uint32_t dur;

	if (len < DTMF_RELAY_PL)
		return -EINVAL;
	digit = dtmf_relay_event_digit(pl[0]);
	if (!digit)
		return -EINVAL;
	end = pl[1] & 0x80;
	dur = (uint32_t)pl[2] << 8 | pl[3];
	if (r->have_last && ts == r->ev_ts) {
		/* an update, an end or a retransmission of the event we know */
		if (end && r->playing && !r->limit)
			r->limit = dur ? dur : 1;
		return 0;
	}
	if (r->have_last && (int32_t)(ts - r->ev_ts) < 0)
		return 0; /* an old event, reordered */
	/* a new event: it cuts short any digit still playing */
	dtmf_gen_stop(&r->gen);
	if (dtmf_gen_start(&r->gen, digit, DTMF_RELAY_MAX_TONE_MS, 0, DTMF_GEN_LEVEL_DEFAULT))
		return -EINVAL;
	r->have_last = true;
	r->playing = true;
	r->ev_ts = ts;
	r->played = 0;
	r->limit = end ? (dur ? dur : 1) : 0;
	r->events++;
	return 0;
}

bool dtmf_relay_rx_fill(struct dtmf_relay_rx *r, int16_t *out, size_t n)
{
	size_t k = n, got;

	if (!r->playing)
		return false;
	/* an end may report less than has been played already */
	if (r->limit && r->played + k > r->limit)
		k = r->limit > r->played ? r->limit - r->played : 0;
	memset(out, 0, n * sizeof(*out));
	got = dtmf_gen_fill(&r->gen, out, k);
	r->played += (uint32_t)got;
	if (got < k || (r->limit && r->played >= r->limit)) {
		dtmf_gen_stop(&r->gen);
		r->playing = false;
	}
	return true;
}

void dtmf_relay_tx_init(struct dtmf_relay_tx *t)
{
	memset(t, 0, sizeof(*t));
	dtmf_det_init(&t->det);
}

static void tx_pkt(const struct dtmf_relay_tx *t, struct dtmf_relay_tx_pkt *p, bool end)
{
	uint32_t d = t->duration > 0xffff ? 0xffff : t->duration;

	p->pl[0] = (uint8_t)dtmf_relay_event_code(t->digit);
	p->pl[1] = (uint8_t)((end ? 0x80 : 0) | RELAY_VOLUME);
	p->pl[2] = (uint8_t)(d >> 8);
	p->pl[3] = (uint8_t)d;
	p->marker = t->first;
	p->ts = t->ev_ts;
}

int dtmf_relay_tx_audio(struct dtmf_relay_tx *t, uint32_t ts, const int16_t *s, size_t n,
			struct dtmf_relay_tx_pkt *pkts)
{
	struct dtmf_event ev[4];
	int nev, i, np = 0;
	bool ended = false;

	nev = dtmf_det_process(&t->det, s, n, ev, 4);
	for (i = 0; i < nev; i++) {
		if (!ev[i].end && !t->active && dtmf_relay_event_code(ev[i].digit) >= 0) {
			t->active = true;
			t->digit = ev[i].digit;
			t->ev_ts = ts;
			t->duration = 0;
			t->first = true;
			t->events++;
		} else if (ev[i].end && t->active) {
			ended = true;
		}
	}
	if (!t->active)
		return 0;
	t->duration += (uint32_t)n;
	if (!ended) {
		tx_pkt(t, &pkts[np++], false);
		t->first = false;
		return np;
	}
	for (i = 0; i < DTMF_RELAY_ENDS; i++) {
		tx_pkt(t, &pkts[np++], true);
		t->first = false;
	}
	t->active = false;
	return np;
}

bool dtmf_relay_tx_muted(const struct dtmf_relay_tx *t)
{
	return t->active || dtmf_det_active(&t->det);
}
