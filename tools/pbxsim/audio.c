// SPDX-License-Identifier: GPL-2.0-only
/*
 * pbxsim media: what each call reads and writes on its B-channel per 1 ms
 * tick (echo, milliwatt, WAV playback, recording, ringback, DTMF sent
 * after answer), and DTMF detection on everything received. Runs in the
 * event loop after the backend's media_service; fixed buffers only.
 */
#include <math.h>
#include <string.h>

#include "g711.h"
#include "log.h"
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
/*
 * A line echo (echo LOSS_DB) is for echo cancellers, which only cover a
 * tail of up to 128 ms: it starts with 30 ms, which keeps the echo path
 * short and an underrun (a glitch, not a test failure) rare.
 */
#define LINE_ECHO_PRIME (30 * TDM_FRAME_BYTES)

static uint8_t lin2law(enum tdm_law law, int16_t s)
{
	return law == TDM_ALAW ? g711_lin2alaw(s) : g711_lin2ulaw(s);
}

static int16_t law2lin(enum tdm_law law, uint8_t c)
{
	return law == TDM_ALAW ? g711_alaw2lin(c) : g711_ulaw2lin(c);
}

void pbx_audio_init(struct pbx *pbx)
{
	enum tdm_law law = pbx->conf.law;

	pbx->silence = g711_silence(pbx_g711_law(law));
	memcpy(pbx->milliwatt, g711_milliwatt(pbx_g711_law(law)), sizeof(pbx->milliwatt));
}

/* the detector on what arrived: log each digit, tell the call's client */
static void dtmf_detect(struct pbx *pbx, struct pbx_call *call, const uint8_t *p, size_t n)
{
	int16_t lin[RX_CHUNK];
	struct dtmf_event ev[8];
	size_t i;
	int k, j;

	for (i = 0; i < n; i++)
		lin[i] = law2lin(pbx->conf.law, p[i]);
	k = dtmf_det_process(&call->dtmf_det, lin, n, ev, 8);
	for (j = 0; j < k; j++) {
		if (ev[j].end)
			continue;
		log_notice("DTMF '%c' on span 1 B-channel %d", ev[j].digit, call->chan);
		if (call->client)
			pbx_client_printf(call->client, "dtmf %c", ev[j].digit);
	}
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
		dtmf_detect(pbx, call, buf, (size_t)n);
		if (!answered)
			continue; /* before answer: nothing to keep */
		if (call->rec)
			record(call, buf, (size_t)n);
		if (call->tx == PBX_TX_ECHO) {
			if (call->action.echo_loss_db)
				for (ssize_t i = 0; i < n; i++)
					buf[i] = call->echo_map[buf[i]];
			pbx->ops->bchan_write(pbx->tdm, call->chan, buf, (size_t)n);
		}
	}
}

static void tx_generate(struct pbx *pbx, struct pbx_call *call, size_t room)
{
	uint8_t buf[TX_TARGET];
	int16_t lin[TX_TARGET];
	size_t i, n, m;
	ssize_t w;

	while (room) {
		n = room < sizeof(buf) ? room : sizeof(buf);
		switch (call->tx) {
		case PBX_TX_MILLIWATT:
			for (i = 0; i < n; i++)
				buf[i] = pbx->milliwatt[(call->tone_pos + i) & 7];
			break;
		case PBX_TX_RINGBACK:
			tone_gen_fill(&call->tone, lin, n);
			for (i = 0; i < n; i++)
				buf[i] = lin2law(pbx->conf.law, lin[i]);
			break;
		case PBX_TX_DTMF:
			m = dtmf_gen_fill(&call->dtmf_gen, lin, n);
			if (!m) {
				call->tx = call->play ? PBX_TX_PLAY : PBX_TX_SILENCE;
				continue;
			}
			n = m;
			for (i = 0; i < n; i++)
				buf[i] = lin2law(pbx->conf.law, lin[i]);
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

/* an echo with loss, as a 2-wire hybrid returns it: one table per call */
static void echo_map_fill(struct pbx *pbx, struct pbx_call *call)
{
	double gain = pow(10.0, -(double)call->action.echo_loss_db / 20.0);
	int c;

	for (c = 0; c < 256; c++)
		call->echo_map[c] = lin2law(pbx->conf.law,
					    (int16_t)(law2lin(pbx->conf.law, (uint8_t)c) * gain));
}

static void echo_prime(struct pbx *pbx, struct pbx_call *call)
{
	uint8_t buf[ECHO_PRIME];

	if (call->action.echo_loss_db)
		echo_map_fill(pbx, call);
	memset(buf, pbx->silence, sizeof(buf));
	pbx->ops->bchan_write(pbx->tdm, call->chan, buf,
			      call->action.echo_loss_db ? LINE_ECHO_PRIME : sizeof(buf));
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
