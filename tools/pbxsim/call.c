// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim calls: the dial plan for incoming SETUPs, placed calls, and clearing. */
#include <errno.h>
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pbxsim.h"
#include "wav.h"

const char *pbx_cause_text(int cause)
{
	return pri_cause2str(cause);
}

const char *pbx_call_state_name(enum pbx_call_state state)
{
	static const char *const names[] = {
		[PBX_CALL_FREE] = "free",
		[PBX_CALL_SETUP] = "setup",
		[PBX_CALL_PROCEEDING] = "proceeding",
		[PBX_CALL_ALERTING] = "alerting",
		[PBX_CALL_ANSWERED] = "answered",
	};

	return names[state];
}

int pbx_call_count(const struct pbx *pbx)
{
	int i, n = 0;

	for (i = 0; i < TDM_MAX_CHANS; i++)
		if (pbx->calls[i].state != PBX_CALL_FREE)
			n++;
	return n;
}

static const char *dir(const struct pbx_call *call)
{
	return call->outgoing ? "outgoing" : "incoming";
}

/* the call is over on the D-channel: stop its media, report, free the slot */
static void call_end(struct pbx_call *call, int cause)
{
	struct pbx *pbx = call->pbx;
	uint64_t now = time_now_ms();
	int err;

	timer_cancel(pbx->loop, &call->timer);
	timer_cancel(pbx->loop, &call->digit_timer);
	pbx->ops->bchan_close(pbx->tdm, call->chan);
	log_notice("B%d %s call %s -> %s: released by %s, cause %d (%s) after %.1f s",
		   call->chan, dir(call), call->calling[0] ? call->calling : "-", call->called,
		   call->hungup_by_us ? "us" : "far end", cause, pbx_cause_text(cause),
		   call->t_answer ? (double)(now - call->t_answer) / 1000.0 : 0.0);
	if (call->client && call->hungup_by_us)
		pbx_client_printf(call->client, "hangup");
	if (call->rec) {
		if (call->rec_full)
			log_warn("B%d: recording stopped at %d s", call->chan, PBX_RECORD_MAX_S);
		err = wav_write(call->rec_path, pbx_g711_law(pbx->conf.law), call->rec,
				call->rec_len);
		if (err) {
			log_err("B%d: cannot write %s: %s", call->chan, call->rec_path,
				strerror(-err));
			if (call->client)
				pbx_client_printf(call->client, "warning record %s: %s",
						  call->rec_path, strerror(-err));
		} else if (call->client) {
			pbx_client_printf(call->client, "recorded %zu bytes", call->rec_len);
		}
	}
	if (call->client) {
		pbx_client_printf(call->client, "released cause %d (%s)", cause,
				  pbx_cause_text(cause));
		pbx_client_done(call->client);
	}
	free(call->play);
	free(call->rec);
	memset(call, 0, sizeof(*call));
	call->pbx = pbx;
	timer_init(&call->timer);
}

void pbx_call_hangup(struct pbx_call *call, int cause)
{
	if (call->state == PBX_CALL_FREE)
		return;
	call->hungup_by_us = true;
	isdn_call_hangup(call->ic, cause);
	call_end(call, cause);
}

void pbx_call_client_gone(struct pbx_call *call)
{
	call->client = NULL;
	log_info("B%d: control client went away, clearing", call->chan);
	pbx_call_hangup(call, CAUSE_NORMAL_CLEARING);
}

static void call_answered(struct pbx_call *call)
{
	call->state = PBX_CALL_ANSWERED;
	call->t_answer = time_now_ms();
	call->tone_pos = 0;
}

/* the --dtmf digits, in-band after answer; true if there are any */
static bool call_dtmf_queue(struct pbx_call *call)
{
	const char *d;

	dtmf_gen_init(&call->dtmf_gen);
	for (d = call->dtmf; *d; d++)
		dtmf_gen_start(&call->dtmf_gen, *d, PBX_DTMF_ON_MS, PBX_DTMF_OFF_MS,
			       DTMF_GEN_LEVEL_DEFAULT);
	return dtmf_gen_busy(&call->dtmf_gen);
}

static void duration_h(void *arg)
{
	pbx_call_hangup(arg, CAUSE_NORMAL_CLEARING);
}

/* incoming call: the dial plan's final action, at once or after ringing */
static void call_act(struct pbx_call *call)
{
	char what[48];

	switch (call->action.act) {
	case PBX_ACT_NONE:
		return;
	case PBX_ACT_REJECT:
		log_notice("B%d incoming call %s -> %s: rejecting, cause %d (%s)", call->chan,
			   call->calling[0] ? call->calling : "-", call->called, call->action.cause,
			   pbx_cause_text(call->action.cause));
		pbx_call_hangup(call, call->action.cause);
		return;
	case PBX_ACT_ECHO:
		call->tx = PBX_TX_ECHO;
		break;
	case PBX_ACT_MILLIWATT:
		call->tx = PBX_TX_MILLIWATT;
		break;
	case PBX_ACT_ANSWER:
		call->tx = PBX_TX_SILENCE;
		break;
	}
	/* COLP: a PBX names the extension that answered, the number it was called on */
	if (isdn_call_connect(call->ic, call->called, PRI_UNKNOWN,
			      PRES_ALLOWED_USER_NUMBER_PASSED_SCREEN)) {
		log_err("B%d: CONNECT failed, clearing", call->chan);
		pbx_call_hangup(call, CAUSE_TEMPORARY_FAILURE);
		return;
	}
	call_answered(call);
	pbx_action_format(&call->action, what, sizeof(what));
	log_notice("B%d incoming call %s -> %s: answered (%s)", call->chan,
		   call->calling[0] ? call->calling : "-", call->called, what);
}

static void ring_h(void *arg)
{
	call_act(arg);
}

static int setup_h(struct isdn_call *ic, const struct isdn_setup_info *info, void *arg)
{
	struct pbx *pbx = arg;
	const struct pbx_action *a = pbx_dialplan_lookup(&pbx->conf, info->called);
	struct pbx_call *call;
	char what[48];

	pbx_action_format(a, what, sizeof(what));
	log_notice("B%d SETUP received from %s to %s%s: %s", info->chan,
		   info->calling[0] ? info->calling : "-", info->called,
		   info->complete ? " (sending complete)" : "", what);
	log_notice("B%d SETUP numbers: called %s plan 0x%02x, calling %s plan 0x%02x pres 0x%02x, "
		   "redirecting %s reason %d", info->chan, info->called, info->called_plan,
		   info->calling[0] ? info->calling : "-", info->calling_plan, info->calling_pres,
		   info->redirecting[0] ? info->redirecting : "-", info->redirecting_reason);
	if (info->calling_name[0])
		log_notice("B%d SETUP calling name \"%s\"", info->chan, info->calling_name);
	if (pbx->stopping)
		return CAUSE_TEMPORARY_FAILURE;
	if (!a->ring && a->act == PBX_ACT_REJECT) {
		log_notice("B%d incoming call %s -> %s: rejected, cause %d (%s)", info->chan,
			   info->calling[0] ? info->calling : "-", info->called, a->cause,
			   pbx_cause_text(a->cause));
		return a->cause;
	}
	call = &pbx->calls[info->chan];
	if (call->state != PBX_CALL_FREE) {
		log_err("B%d: SETUP on a channel with a call of ours", info->chan);
		return CAUSE_REQUESTED_CHAN_UNAVAIL;
	}
	if (pbx->ops->bchan_open(pbx->tdm, info->chan))
		return CAUSE_TEMPORARY_FAILURE;
	call->ic = ic;
	call->chan = info->chan;
	dtmf_det_init(&call->dtmf_det);
	call->state = PBX_CALL_SETUP;
	call->action = *a;
	call->t_setup = time_now_ms();
	snprintf(call->called, sizeof(call->called), "%s", info->called);
	snprintf(call->calling, sizeof(call->calling), "%s", info->calling);
	isdn_call_set_user(ic, call);
	if (!a->ring) {
		call_act(call);
		return 0;
	}
	if (isdn_call_alerting(ic, true)) {
		pbx_call_hangup(call, CAUSE_TEMPORARY_FAILURE);
		return 0;
	}
	call->state = PBX_CALL_ALERTING;
	call->tx = PBX_TX_RINGBACK;
	tone_gen_start(&call->tone, pbx->conf.tonezone, TONE_RINGBACK);
	log_notice("B%d incoming call %s -> %s: alerting", call->chan,
		   call->calling[0] ? call->calling : "-", call->called);
	if (a->act != PBX_ACT_NONE)
		timer_start(pbx->loop, &call->timer, a->ring_ms, ring_h, call);
	return 0;
}

/* overlap sending: one digit per INFORMATION */
static void digit_h(void *arg)
{
	struct pbx_call *call = arg;
	char d[2] = {call->overlap_rest[call->overlap_pos], '\0'};

	if (!d[0] || call->state == PBX_CALL_FREE || !call->ic)
		return;
	isdn_call_info(call->ic, d);
	call->overlap_pos++;
	if (call->overlap_rest[call->overlap_pos])
		timer_start(call->pbx->loop, &call->digit_timer, PBX_OVERLAP_GAP_MS, digit_h, call);
}

static void event_h(struct isdn_call *ic, enum isdn_ev ev, int cause, bool inband, void *arg)
{
	struct pbx_call *call = isdn_call_user(ic);
	struct pbx *pbx = arg;

	if (!call || call->state == PBX_CALL_FREE)
		return;
	switch (ev) {
	case ISDN_EV_PROCEEDING:
		if (call->state == PBX_CALL_SETUP)
			call->state = PBX_CALL_PROCEEDING;
		if (call->client)
			pbx_client_printf(call->client, "proceeding");
		break;
	case ISDN_EV_ALERTING:
		call->state = PBX_CALL_ALERTING;
		log_info("B%d outgoing call -> %s: alerting%s", call->chan, call->called,
			 inband ? " (in-band ringback)" : "");
		if (call->client)
			pbx_client_printf(call->client, "alerting%s", inband ? " inband" : "");
		break;
	case ISDN_EV_PROGRESS:
		if (call->client)
			pbx_client_printf(call->client, "progress%s", inband ? " inband" : "");
		break;
	case ISDN_EV_CONNECT:
		if (call->state == PBX_CALL_ANSWERED)
			break;
		call_answered(call);
		call->tx = call->play ? PBX_TX_PLAY : PBX_TX_SILENCE;
		if (call_dtmf_queue(call))
			call->tx = PBX_TX_DTMF;
		log_notice("B%d outgoing call %s -> %s: answered", call->chan,
			   call->calling[0] ? call->calling : "-", call->called);
		if (call->client)
			pbx_client_printf(call->client, "answered");
		{
			int plan, pres;
			const char *cn = isdn_call_connected(call->ic, &plan, &pres);

			if (*cn) {
				log_notice("B%d CONNECT connected number %s plan 0x%02x pres 0x%02x",
					   call->chan, cn, plan, pres);
				if (call->client)
					pbx_client_printf(call->client, "connected %s", cn);
			}
		}
		if (call->duration_ms)
			timer_start(pbx->loop, &call->timer, call->duration_ms, duration_h, call);
		break;
	case ISDN_EV_DISCONNECT:
		call_end(call, cause);
		break;
	case ISDN_EV_SETUP_ACK:
		log_info("B%d outgoing call -> %s: SETUP ACKNOWLEDGE, %zu digits to send",
			 call->chan, call->called, strlen(call->overlap_rest));
		if (call->client)
			pbx_client_printf(call->client, "setup acknowledged");
		if (call->overlap_rest[0])
			timer_start(pbx->loop, &call->digit_timer, PBX_OVERLAP_GAP_MS, digit_h, call);
		break;
	}
}

static void dchan_h(struct isdn_span *span, bool up, void *arg)
{
	struct pbx *pbx = arg;

	/*
	 * A PBX keeps its active calls through a data link failure for T309
	 * (Q.931 5.8.8): libpri clears what it cannot keep and reports it.
	 */
	if (pbx->ctl)
		pbx_ctl_dchan(pbx->ctl, up);
}

const struct isdn_handlers pbx_isdn_handlers = {
	.dchan_h = dchan_h,
	.setup_h = setup_h,
	.event_h = event_h,
};

static int load_play(struct pbx *pbx, const struct pbx_call_req *req, struct pbx_call *tmp,
		     char *err, size_t errlen)
{
	char why[256] = "";
	int ret;

	if (!req->play[0])
		return 0;
	ret = wav_read(req->play, pbx_g711_law(pbx->conf.law), &tmp->play, &tmp->play_len, why,
		       sizeof(why));
	if (ret) {
		snprintf(err, errlen, "play %s: %s", req->play, why[0] ? why : strerror(-ret));
		return ret;
	}
	return 0;
}

static int alloc_record(const struct pbx_call_req *req, struct pbx_call *tmp, char *err,
			size_t errlen)
{
	unsigned s = req->duration_ms ? req->duration_ms / 1000 + 10 : PBX_RECORD_MAX_S;

	if (!req->record[0])
		return 0;
	if (s > PBX_RECORD_MAX_S)
		s = PBX_RECORD_MAX_S;
	tmp->rec_cap = (size_t)s * 8000;
	tmp->rec = malloc(tmp->rec_cap);
	if (!tmp->rec) {
		snprintf(err, errlen, "record: out of memory");
		return -ENOMEM;
	}
	snprintf(tmp->rec_path, sizeof(tmp->rec_path), "%s", req->record);
	return 0;
}

int pbx_call_place(struct pbx *pbx, const struct pbx_call_req *req, struct pbx_client *cl,
		   struct pbx_call **callp, char *err, size_t errlen)
{
	struct pbx_call tmp = {0}, *call;
	struct isdn_call *ic;
	int ret, chan;

	if (!isdn_span_up(pbx->span)) {
		snprintf(err, errlen, "D-channel is down");
		return -ENOTCONN;
	}
	ret = load_play(pbx, req, &tmp, err, errlen);
	if (ret)
		return ret;
	ret = alloc_record(req, &tmp, err, errlen);
	if (ret)
		goto err_free;
	{
		char first[PBX_NUM_MAX];
		struct isdn_numbers nums = {
			.called = first,
			.called_plan = PRI_UNKNOWN,
			.calling = req->calling,
			.calling_plan = PRI_UNKNOWN,
			.calling_pres = req->clir	  ? PRES_PROHIB_USER_NUMBER_NOT_SCREENED
					: req->calling[0] ? PRES_ALLOWED_USER_NUMBER_NOT_SCREENED
							  : PRES_NUMBER_NOT_AVAILABLE,
			.calling_name = req->name,
			.redirecting = req->redirecting,
			.redirecting_plan = PRI_UNKNOWN,
			.redirecting_pres = PRES_ALLOWED_USER_NUMBER_NOT_SCREENED,
			.redirecting_reason = req->redirecting_reason,
			.hunt = -1,
			.overlap = req->overlap >= 0,
		};

		snprintf(first, sizeof(first), "%.*s", req->overlap >= 0 ? req->overlap : PBX_NUM_MAX,
			 req->called);
		ret = isdn_call_setup_numbers(&ic, pbx->span, &nums, NULL);
	}
	if (ret) {
		snprintf(err, errlen, "%s", ret == -EBUSY ? "no B-channel free" : strerror(-ret));
		log_notice("outgoing call %s -> %s: %s", req->calling[0] ? req->calling : "-",
			   req->called, err);
		goto err_free;
	}
	chan = isdn_call_chan(ic);
	call = &pbx->calls[chan];
	if (call->state != PBX_CALL_FREE || pbx->ops->bchan_open(pbx->tdm, chan)) {
		isdn_call_hangup(ic, CAUSE_TEMPORARY_FAILURE);
		snprintf(err, errlen, "B-channel %d unusable", chan);
		ret = -EIO;
		goto err_free;
	}
	*call = tmp;
	call->pbx = pbx;
	timer_init(&call->timer);
	timer_init(&call->digit_timer);
	if (req->overlap >= 0 && (size_t)req->overlap < strlen(req->called))
		snprintf(call->overlap_rest, sizeof(call->overlap_rest), "%s",
			 req->called + req->overlap);
	call->overlap_pos = 0;
	call->ic = ic;
	call->chan = chan;
	dtmf_det_init(&call->dtmf_det);
	call->outgoing = true;
	call->state = PBX_CALL_SETUP;
	call->tx = PBX_TX_IDLE;
	call->t_setup = time_now_ms();
	call->duration_ms = req->duration_ms;
	snprintf(call->dtmf, sizeof(call->dtmf), "%s", req->dtmf);
	call->client = cl;
	snprintf(call->called, sizeof(call->called), "%s", req->called);
	snprintf(call->calling, sizeof(call->calling), "%s", req->calling);
	isdn_call_set_user(ic, call);
	log_notice("B%d SETUP sent from %s to %s", chan, req->calling[0] ? req->calling : "-",
		   req->called);
	pbx_client_printf(cl, "calling %s on B-channel %d", req->called, chan);
	*callp = call;
	return 0;

err_free:
	free(tmp.play);
	free(tmp.rec);
	return ret;
}
