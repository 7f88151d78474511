// SPDX-License-Identifier: GPL-2.0-only
/*
 * pbxsim media: what each call reads and writes on its B-channel per 1 ms
 * tick (echo, milliwatt, WAV playback, recording, ringback). Runs in the
 * event loop after the backend's media_service; fixed buffers only.
 */
#include <math.h>
#include <string.h>

#include "g711.h"
#include "pbxsim.h"

#define RX_CHUNK 256
/*
 * Bytes kept queued towards the line: 20 ms. The two ends of a cable tick
 * on their own timers, so frames arrive with a jitter of a tick or more
 * (more when a process is late); an echo that wrote back only what came
 * in this tick would underrun and insert idle bytes. The echo starts with
 * this much silence queued, generated audio keeps the queue at this level.
 */
#define TX_TARGET (20 * TDM_FRAME_BYTES)
/*
 * An echo cannot refill its queue from nowhere, so it starts deeper: 80 ms
 * rides out a process that is late by that much (a loaded machine, a
 * sanitizer build) without an idle byte in the middle of the echo.
 */
#define ECHO_PRIME (80 * TDM_FRAME_BYTES)

static uint8_t lin2law(enum tdm_law law, int16_t s)
{
	return law == TDM_ALAW ? g711_lin2alaw(s) : g711_lin2ulaw(s);
}

/*
 * Ringback, one period of the tone: 425 Hz with 1 s on, 4 s off for A-law
 * (ETSI), 440+480 Hz with 2 s on, 4 s off for mu-law (North America).
 * 425/8000 repeats after 320 samples, 440 and 480 Hz together after 200.
 */
static void ringback_init(struct pbx_tone *t, enum tdm_law law)
{
	uint32_t i;

	t->len = law == TDM_ALAW ? 320 : 200;
	t->on = law == TDM_ALAW ? 8000 : 16000;
	t->period = law == TDM_ALAW ? 40000 : 48000;
	for (i = 0; i < t->len; i++) {
		double x = 2.0 * M_PI * i / 8000.0, v;

		if (law == TDM_ALAW)
			v = 8000.0 * sin(425.0 * x);
		else
			v = 4000.0 * (sin(440.0 * x) + sin(480.0 * x));
		t->buf[i] = lin2law(law, (int16_t)lrint(v));
	}
}

void pbx_audio_init(struct pbx *pbx)
{
	enum tdm_law law = pbx->conf.law;

	pbx->silence = g711_silence(pbx_g711_law(law));
	memcpy(pbx->milliwatt, g711_milliwatt(pbx_g711_law(law)), sizeof(pbx->milliwatt));
	ringback_init(&pbx->ringback, law);
}

/* how much generated audio to write now */
static size_t tx_room(struct pbx *pbx, struct pbx_call *call, int ticks)
{
	size_t q;

	if (!pbx->ops->bchan_tx_queued)
		return (size_t)ticks * TDM_FRAME_BYTES;
	q = pbx->ops->bchan_tx_queued(pbx->tdm, call->chan);
	return q < TX_TARGET ? TX_TARGET - q : 0;
}

static void record(struct pbx_call *call, const uint8_t *p, size_t n)
{
	size_t room = call->rec_cap - call->rec_len;

	if (n > room) {
		n = room;
		call->rec_full = true;
	}
	memcpy(call->rec + call->rec_len, p, n);
	call->rec_len += n;
}

static void rx_service(struct pbx *pbx, struct pbx_call *call)
{
	uint8_t buf[RX_CHUNK];
	ssize_t n;
	bool answered = call->state == PBX_CALL_ANSWERED;

	while ((n = pbx->ops->bchan_read(pbx->tdm, call->chan, buf, sizeof(buf))) > 0) {
		if (!answered)
			continue; /* before answer: nothing to keep */
		if (call->rec)
			record(call, buf, (size_t)n);
		if (call->tx == PBX_TX_ECHO)
			pbx->ops->bchan_write(pbx->tdm, call->chan, buf, (size_t)n);
	}
}

static void tx_generate(struct pbx *pbx, struct pbx_call *call, size_t room)
{
	uint8_t buf[TX_TARGET];
	const struct pbx_tone *t = &pbx->ringback;
	size_t i, n;
	ssize_t w;

	while (room) {
		n = room < sizeof(buf) ? room : sizeof(buf);
		switch (call->tx) {
		case PBX_TX_MILLIWATT:
			for (i = 0; i < n; i++)
				buf[i] = pbx->milliwatt[(call->tone_pos + i) & 7];
			break;
		case PBX_TX_RINGBACK:
			for (i = 0; i < n; i++) {
				uint32_t p = call->tone_pos + (uint32_t)i;

				buf[i] = p % t->period < t->on ? t->buf[p % t->len] : pbx->silence;
			}
			break;
		case PBX_TX_PLAY:
			if (call->play_pos == call->play_len) {
				call->tx = PBX_TX_SILENCE;
				continue;
			}
			if (n > call->play_len - call->play_pos)
				n = call->play_len - call->play_pos;
			memcpy(buf, call->play + call->play_pos, n);
			break;
		case PBX_TX_SILENCE:
			memset(buf, pbx->silence, n);
			break;
		default:
			return;
		}
		w = pbx->ops->bchan_write(pbx->tdm, call->chan, buf, n);
		if (w <= 0)
			return;
		if (call->tx == PBX_TX_PLAY)
			call->play_pos += (size_t)w;
		else
			call->tone_pos += (uint32_t)w;
		room -= (size_t)w;
	}
}

static void echo_prime(struct pbx *pbx, struct pbx_call *call)
{
	uint8_t buf[ECHO_PRIME];

	memset(buf, pbx->silence, sizeof(buf));
	pbx->ops->bchan_write(pbx->tdm, call->chan, buf, sizeof(buf));
	call->echo_primed = true;
}

void pbx_audio_service(struct pbx *pbx, struct pbx_call *call, int ticks)
{
	if (call->tx == PBX_TX_ECHO && !call->echo_primed)
		echo_prime(pbx, call);
	rx_service(pbx, call);
	if (call->tx == PBX_TX_IDLE || call->tx == PBX_TX_ECHO)
		return;
	tx_generate(pbx, call, tx_room(pbx, call, ticks));
}
