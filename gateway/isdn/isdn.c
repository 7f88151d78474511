// SPDX-License-Identifier: GPL-2.0-only
/*
 * One PRI span: libpri on a TDM backend's D-channel, driven by the event
 * loop (D-channel readiness and libpri's own timers), B-channel hunting,
 * and the mapping of libpri events to call events.
 */
#include <errno.h>
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "isdn.h"
#include "log.h"

#define ISDN_FRAME_MAX 1024
#define ISDN_ALARM_POLL_MS 250
#define ISDN_T309_MS 6000
/* how long one RESTART waits for its RESTART ACKNOWLEDGE before the next */
#define ISDN_RESTART_GUARD_MS 4000
#define ISDN_RESTART_DELAY_MS 200
#define ISDN_T302_MS 15000 /* Q.931 table 9-1 */

struct isdn_call {
	struct isdn_span *span;
	q931_call *q;
	int chan;
	void *user;
	bool hungup;     /* we called pri_hangup */
	/* overlap receiving: the SETUP's information while digits come in */
	bool collecting;
	struct isdn_setup_info info;
	struct timer t302;
	/* the connected party (COLP, Q.951) the far end's CONNECT named, "" none */
	char connected[32];
	int connected_plan, connected_pres;
};

struct isdn_span {
	struct isdn_span_conf conf;
	struct loop *loop;
	const struct tdm_backend_ops *ops;
	struct tdm_span *tdm;
	const struct isdn_handlers *h;
	void *arg;
	struct pri *pri;
	struct timer sched;
	struct timer alarm_poll;
	bool up;          /* libpri's D-channel state */
	int alarms;       /* the backend's TDM_ALARM_* at the last poll */
	/* the frame read from the backend, handed to libpri's read callback */
	uint8_t rx[ISDN_FRAME_MAX];
	int rx_len;
	struct isdn_call *calls[TDM_MAX_CHANS]; /* by channel; NULL when idle */
	int hunt_last;
	/* Q.931 5.5 restart procedure, one channel at a time */
	struct timer restart_guard;
	uint32_t restart_pending; /* bit per channel still to restart */
	uint32_t restart_failed;  /* not acknowledged: tried once more at the end */
	bool restart_retrying;
	int restart_chan;         /* RESTART sent, ACK awaited; 0 when none */
	unsigned round_acked, round_failed;
	struct isdn_span_stats stats;
};

static void isdn_schedule(struct isdn_span *span);

static void isdn_pri_message(struct pri *pri, char *s)
{
	struct isdn_span *span = pri ? pri_get_userdata(pri) : NULL;
	size_t n = strlen(s);

	while (n && s[n - 1] == '\n')
		n--;
	log_debug("isdn span %d: %.*s", span ? span->conf.span_no : 0, (int)n, s);
}

static void isdn_pri_error(struct pri *pri, char *s)
{
	struct isdn_span *span = pri ? pri_get_userdata(pri) : NULL;
	size_t n = strlen(s);

	while (n && s[n - 1] == '\n')
		n--;
	log_warn("isdn span %d: %.*s", span ? span->conf.span_no : 0, (int)n, s);
}

/* libpri's frames carry a 2-byte FCS as DAHDI's HDLC channels deliver it */
static int isdn_io_read(struct pri *pri, void *buf, int buflen)
{
	struct isdn_span *span = pri_get_userdata(pri);
	int n = span->rx_len;

	span->rx_len = 0;
	if (n <= 0 || n + 2 > buflen)
		return 0;
	memcpy(buf, span->rx, (size_t)n);
	memset((uint8_t *)buf + n, 0, 2);
	return n + 2;
}

static int isdn_io_write(struct pri *pri, void *buf, int buflen)
{
	struct isdn_span *span = pri_get_userdata(pri);
	int err;

	if (buflen < 2)
		return -1;
	err = span->ops->dchan_write(span->tdm, buf, (size_t)buflen - 2);
	if (err) {
		log_debug("isdn span %d: D-channel write: %s", span->conf.span_no, strerror(-err));
		return -1;
	}
	return buflen;
}

static struct isdn_call *call_by_q(struct isdn_span *span, q931_call *q)
{
	int i;

	if (!q)
		return NULL;
	for (i = 0; i < TDM_MAX_CHANS; i++)
		if (span->calls[i] && span->calls[i]->q == q)
			return span->calls[i];
	return NULL;
}

static void call_release(struct isdn_call *call)
{
	struct isdn_span *span = call->span;

	timer_cancel(span->loop, &call->t302);
	if (span->calls[call->chan] == call)
		span->calls[call->chan] = NULL;
	free(call);
}

/* the channel whose RESTART ACKNOWLEDGE is awaited cannot be hunted */
static bool chan_restarting(const struct isdn_span *span, int chan)
{
	return chan == span->restart_chan;
}

static int chan_hunt(struct isdn_span *span, int hunt)
{
	int n = tdm_nchans(span->conf.framing), i, chan;

	if (hunt < 0)
		hunt = (int)span->conf.hunt;
	for (i = 1; i <= n; i++) {
		if (hunt == ISDN_HUNT_ROUNDROBIN)
			chan = (span->hunt_last + i - 1) % n + 1; /* the one after the last */
		else
			chan = hunt == ISDN_HUNT_ASCENDING ? i : n + 1 - i;
		if (tdm_is_bchan(span->conf.framing, chan) && !span->calls[chan] &&
		    !chan_restarting(span, chan)) {
			/* a channel still to restart is as good as restarted once a call takes it */
			span->restart_pending &= ~(1u << chan);
			span->hunt_last = chan;
			return chan;
		}
	}
	return -EBUSY;
}

static struct isdn_call *call_new(struct isdn_span *span, q931_call *q, int chan)
{
	struct isdn_call *call = calloc(1, sizeof(*call));

	if (!call)
		return NULL;
	call->span = span;
	call->q = q;
	call->chan = chan;
	timer_init(&call->t302);
	span->calls[chan] = call;
	return call;
}

static void call_event(struct isdn_call *call, enum isdn_ev ev, int cause, bool inband)
{
	struct isdn_span *span = call->span;

	if (call->user)
		span->h->event_h(call, ev, cause, inband, span->arg);
}

static bool number_complete(struct isdn_span *span, const struct isdn_setup_info *info)
{
	return span->h->number_complete &&
	       span->h->number_complete(span, info, span->arg);
}

/* the number is whole: CALL PROCEEDING and the call goes to the user */
static void setup_go(struct isdn_call *call)
{
	struct isdn_span *span = call->span;
	int cause;

	call->collecting = false;
	timer_cancel(span->loop, &call->t302);
	log_info("isdn span %d: SETUP from '%s' to '%s' on B-channel %d%s%s%s", span->conf.span_no,
		 call->info.calling, call->info.called, call->chan,
		 call->info.calling_name[0] ? ", name '" : "", call->info.calling_name,
		 call->info.calling_name[0] ? "'" : "");
	if (call->info.redirecting[0])
		log_info("isdn span %d: B-channel %d: redirected from '%s' (reason %d)",
			 span->conf.span_no, call->chan, call->info.redirecting,
			 call->info.redirecting_reason);
	pri_proceeding(span->pri, call->q, call->chan, 0);
	cause = span->h->setup_h(call, &call->info, span->arg);
	if (cause > 0) {
		call->user = NULL;
		isdn_call_hangup(call, cause);
	}
}

/* T302 (Q.931 5.2.4): no digit for a while, the number is what we have */
static void t302_h(void *arg)
{
	struct isdn_call *call = arg;

	if (!call->collecting)
		return;
	if (!call->info.called[0]) {
		log_notice("isdn span %d: B-channel %d: no digits before T302, cause 28",
			   call->span->conf.span_no, call->chan);
		call->collecting = false;
		isdn_call_hangup(call, CAUSE_INVALID_NUMBER_FORMAT);
		return;
	}
	log_info("isdn span %d: B-channel %d: T302 expired with '%s'", call->span->conf.span_no,
		 call->chan, call->info.called);
	call->info.t302_expired = true;
	setup_go(call);
	isdn_schedule(call->span);
}

static void t302_start(struct isdn_call *call)
{
	struct isdn_span *span = call->span;

	timer_start(span->loop, &call->t302, span->conf.t302_ms ? span->conf.t302_ms : ISDN_T302_MS,
		    t302_h, call);
}

/* INFORMATION during overlap receiving: more digits, maybe Sending Complete */
static void handle_info(struct isdn_span *span, const pri_event_ring *r)
{
	struct isdn_call *call = call_by_q(span, r->call);
	size_t have;

	if (!call || !call->collecting)
		return;
	have = strlen(call->info.called);
	snprintf(call->info.called + have, sizeof(call->info.called) - have, "%s", r->callednum);
	call->info.complete = r->complete;
	if (r->complete || number_complete(span, &call->info))
		setup_go(call);
	else
		t302_start(call);
}

static void handle_ring(struct isdn_span *span, const pri_event_ring *r)
{
	struct isdn_setup_info info = {0};
	struct isdn_call *call;
	int chan = r->channel > 0 ? (r->channel & 0xff) : -1;

	if (chan > 0 && (!tdm_is_bchan(span->conf.framing, chan) || span->calls[chan])) {
		if (!r->flexible) {
			log_notice("isdn span %d: SETUP for unavailable channel %d", span->conf.span_no,
				   chan);
			pri_hangup(span->pri, r->call, CAUSE_REQUESTED_CHAN_UNAVAIL);
			return;
		}
		chan = -1;
	}
	if (chan < 0)
		chan = chan_hunt(span, -1);
	if (chan < 0) {
		log_notice("isdn span %d: SETUP to %s: no B-channel free", span->conf.span_no,
			   r->callednum);
		pri_hangup(span->pri, r->call, CAUSE_NO_CIRCUIT_AVAILABLE);
		return;
	}
	span->restart_pending &= ~(1u << chan); /* the peer has taken it: it is idle there */
	call = call_new(span, r->call, chan);
	if (!call) {
		pri_hangup(span->pri, r->call, CAUSE_SWITCH_CONGESTION);
		return;
	}
	snprintf(info.called, sizeof(info.called), "%.31s", r->callednum);
	snprintf(info.calling, sizeof(info.calling), "%.31s", r->callingnum);
	snprintf(info.calling_name, sizeof(info.calling_name), "%.63s", r->callingname);
	info.called_plan = r->calledplan;
	info.calling_plan = r->callingplan;
	info.calling_pres = r->callingpres;
	info.chan = chan;
	snprintf(info.redirecting, sizeof(info.redirecting), "%.31s", r->redirectingnum);
	info.redirecting_plan = r->callingplanrdnis;
	info.redirecting_pres = PRES_ALLOWED_USER_NUMBER_NOT_SCREENED; /* not in the event */
	info.redirecting_reason = r->redirectingreason;
	info.complete = r->complete;
	call->info = info;
	if (span->conf.overlap && !r->complete && !number_complete(span, &info)) {
		log_info("isdn span %d: SETUP from '%s' to '%s' on B-channel %d: overlap, "
			 "collecting digits", span->conf.span_no, info.calling, info.called, chan);
		call->collecting = true;
		pri_need_more_info(span->pri, r->call, chan, 0);
		t302_start(call);
		return;
	}
	setup_go(call);
}

/* the connected number (Q.951 COLP) a CONNECT carried, as libpri reports it */
static void answer_subcmds(struct isdn_call *call, const struct pri_subcommands *sc)
{
	int i;

	for (i = 0; sc && i < sc->counter_subcmd; i++) {
		const struct pri_subcommand *c = &sc->subcmd[i];

		if (c->cmd != PRI_SUBCMD_CONNECTED_LINE || !c->u.connected_line.id.number.valid)
			continue;
		snprintf(call->connected, sizeof(call->connected), "%.31s",
			 c->u.connected_line.id.number.str);
		call->connected_plan = c->u.connected_line.id.number.plan;
		call->connected_pres = c->u.connected_line.id.number.presentation;
		log_info("isdn span %d: B-channel %d: connected number '%s' (plan 0x%02x pres 0x%02x)",
			 call->span->conf.span_no, call->chan, call->connected,
			 call->connected_plan, call->connected_pres);
	}
}

static void handle_hangup(struct isdn_span *span, q931_call *q, int cause, bool released)
{
	struct isdn_call *call = call_by_q(span, q);

	if (!call) {
		/* a call we never took (rejected SETUP): let libpri finish it */
		if (released && q)
			pri_hangup(span->pri, q, cause);
		return;
	}
	call_event(call, ISDN_EV_DISCONNECT, cause, false);
	call->user = NULL;
	/*
	 * After PRI_EVENT_HANGUP libpri waits for pri_hangup even when we
	 * cleared first: it sends RELEASE COMPLETE (or frees the call) then.
	 */
	if (!call->hungup || released) {
		call->hungup = true;
		pri_hangup(span->pri, call->q, cause);
	}
	if (released)
		call_release(call);
}

/* --- restart procedure (Q.931 5.5) --------------------------------------- */

static void restart_next(struct isdn_span *span);

static void restart_guard_h(void *arg)
{
	struct isdn_span *span = arg;

	log_warn("isdn span %d: no RESTART ACKNOWLEDGE for B-channel %d", span->conf.span_no,
		 span->restart_chan);
	span->stats.restart_timeouts++;
	if (span->restart_retrying)
		span->round_failed++;
	else
		span->restart_failed |= 1u << span->restart_chan;
	span->restart_chan = 0;
	restart_next(span);
}

/* RESTART for the next idle channel on the list; busy ones are left alone */
static void restart_next(struct isdn_span *span)
{
	if (!span->restart_pending && span->restart_failed && !span->restart_retrying) {
		span->restart_pending = span->restart_failed;
		span->restart_failed = 0;
		span->restart_retrying = true;
	}
	while (span->restart_pending) {
		int chan = __builtin_ctz(span->restart_pending);

		span->restart_pending &= ~(1u << chan);
		if (span->calls[chan])
			continue;
		if (pri_reset(span->pri, chan)) {
			log_warn("isdn span %d: RESTART of B-channel %d not sent",
				 span->conf.span_no, chan);
			continue;
		}
		span->stats.restarts_sent++;
		span->restart_chan = chan;
		timer_start(span->loop, &span->restart_guard, ISDN_RESTART_GUARD_MS,
			    restart_guard_h, span);
		return;
	}
	log_info("isdn span %d: idle B-channels restarted (%u acknowledged, %u not)",
		 span->conf.span_no, span->round_acked, span->round_failed);
}

static void restart_start_h(void *arg)
{
	restart_next(arg);
}

/*
 * The span has become usable (D-channel up, no line alarm): bring every
 * idle B-channel back to the idle state on both sides, so a channel the
 * peer still thinks busy after a failure does not stay stuck.
 */
static void restart_all(struct isdn_span *span)
{
	int chan;

	if (!span->conf.restart || span->restart_chan || timer_armed(&span->restart_guard))
		return;
	span->restart_pending = span->restart_failed = 0;
	span->restart_retrying = false;
	span->round_acked = span->round_failed = 0;
	for (chan = 1; chan <= tdm_nchans(span->conf.framing); chan++)
		if (tdm_is_bchan(span->conf.framing, chan))
			span->restart_pending |= 1u << chan;
	log_info("isdn span %d: restarting idle B-channels", span->conf.span_no);
	/* not from inside libpri's DCHAN_UP event: let the link settle first */
	timer_start(span->loop, &span->restart_guard, ISDN_RESTART_DELAY_MS, restart_start_h, span);
}

static void restart_cancel(struct isdn_span *span)
{
	span->restart_pending = span->restart_failed = 0;
	span->restart_chan = 0;
	timer_cancel(span->loop, &span->restart_guard);
}

static void handle_restart_ack(struct isdn_span *span, int channel)
{
	if (!span->restart_chan || (channel & 0xff) != span->restart_chan)
		return;
	span->stats.restarts_acked++;
	span->round_acked++;
	span->restart_chan = 0;
	timer_cancel(span->loop, &span->restart_guard);
	restart_next(span);
}

/* the peer restarted one channel (or all): a call on it is gone */
static void handle_restart(struct isdn_span *span, int channel)
{
	int chan = channel & 0xff, c;

	span->stats.restarts_received++;
	log_info("isdn span %d: RESTART of %s %d received", span->conf.span_no,
		 channel < 0 || chan == 0xff ? "interface" : "B-channel", chan);
	for (c = 1; c < TDM_MAX_CHANS; c++) {
		struct isdn_call *call = span->calls[c];

		if (!call || (channel >= 0 && chan != 0xff && c != chan))
			continue;
		log_notice("isdn span %d: call on B-channel %d cleared by RESTART",
			   span->conf.span_no, c);
		call_event(call, ISDN_EV_DISCONNECT, CAUSE_TEMPORARY_FAILURE, false);
		call->user = NULL;
		pri_destroycall(span->pri, call->q);
		call_release(call);
	}
}

static void handle_event(struct isdn_span *span, pri_event *e)
{
	struct isdn_call *call;

	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		log_notice("isdn span %d: D-channel up", span->conf.span_no);
		span->up = true;
		span->h->dchan_h(span, true, span->arg);
		if (isdn_span_up(span))
			restart_all(span);
		break;
	case PRI_EVENT_DCHAN_DOWN:
		log_warn("isdn span %d: D-channel down", span->conf.span_no);
		span->up = false;
		restart_cancel(span);
		span->h->dchan_h(span, false, span->arg);
		break;
	case PRI_EVENT_RING:
		handle_ring(span, &e->ring);
		break;
	case PRI_EVENT_PROCEEDING:
		call = call_by_q(span, e->proceeding.call);
		if (call)
			call_event(call, ISDN_EV_PROCEEDING, 0, false);
		break;
	case PRI_EVENT_RINGING:
		call = call_by_q(span, e->ringing.call);
		if (call)
			call_event(call, ISDN_EV_ALERTING, 0,
				   e->ringing.progressmask & PRI_PROG_INBAND_AVAILABLE);
		break;
	case PRI_EVENT_PROGRESS:
		call = call_by_q(span, e->proceeding.call);
		if (call)
			call_event(call, ISDN_EV_PROGRESS, e->proceeding.cause,
				   e->proceeding.progressmask & PRI_PROG_INBAND_AVAILABLE);
		break;
	case PRI_EVENT_ANSWER:
		call = call_by_q(span, e->answer.call);
		if (call) {
			answer_subcmds(call, e->answer.subcmds);
			call_event(call, ISDN_EV_CONNECT, 0, false);
		}
		break;
	case PRI_EVENT_HANGUP_REQ: /* DISCONNECT */
		handle_hangup(span, e->hangup.call, e->hangup.cause, false);
		break;
	case PRI_EVENT_HANGUP: /* RELEASE / RELEASE COMPLETE */
		handle_hangup(span, e->hangup.call, e->hangup.cause, true);
		break;
	case PRI_EVENT_HANGUP_ACK:
		call = call_by_q(span, e->hangup.call);
		if (call)
			call_release(call);
		break;
	case PRI_EVENT_INFO_RECEIVED:
		handle_info(span, &e->ring);
		break;
	case PRI_EVENT_SETUP_ACK:
		call = call_by_q(span, e->setup_ack.call);
		if (call)
			call_event(call, ISDN_EV_SETUP_ACK, 0, false);
		break;
	case PRI_EVENT_RESTART:
		handle_restart(span, e->restart.channel);
		break;
	case PRI_EVENT_RESTART_ACK:
		handle_restart_ack(span, e->restartack.channel);
		break;
	default:
		log_debug("isdn span %d: %s ignored", span->conf.span_no, pri_event2str(e->e));
		break;
	}
}

static void isdn_sched_h(void *arg)
{
	struct isdn_span *span = arg;
	pri_event *e = pri_schedule_run(span->pri);

	if (e)
		handle_event(span, e);
	isdn_schedule(span);
}

static void isdn_schedule(struct isdn_span *span)
{
	struct timeval *tv = pri_schedule_next(span->pri), now;
	int64_t ms;

	if (!tv) {
		timer_cancel(span->loop, &span->sched);
		return;
	}
	gettimeofday(&now, NULL);
	ms = (int64_t)(tv->tv_sec - now.tv_sec) * 1000 + (tv->tv_usec - now.tv_usec) / 1000;
	timer_start(span->loop, &span->sched, ms > 0 ? (uint64_t)ms : 0, isdn_sched_h, span);
}

static void isdn_dchan_h(int fd, uint32_t events, void *arg)
{
	struct isdn_span *span = arg;
	ssize_t n;
	int budget = 64;
	pri_event *e;

	while (budget--) {
		n = span->ops->dchan_read(span->tdm, span->rx, sizeof(span->rx));
		if (n < 0)
			break;
		if (n < 3) /* shorter than a Q.921 header: a line error */
			continue;
		span->rx_len = (int)n;
		e = pri_check_event(span->pri);
		if (e)
			handle_event(span, e);
	}
	isdn_schedule(span);
}

/*
 * Line alarms reach us through the backend, not through libpri, which only
 * notices a dead line when Q.921 gives up. A red or blue alarm makes the
 * span unusable at once and is reported like a D-channel loss.
 */
static void isdn_alarm_poll_h(void *arg)
{
	struct isdn_span *span = arg;
	int a = span->ops->alarms ? span->ops->alarms(span->tdm) : 0;
	bool was = span->alarms & (TDM_ALARM_RED | TDM_ALARM_BLUE);
	bool now = a & (TDM_ALARM_RED | TDM_ALARM_BLUE);

	span->alarms = a;
	if (now != was) {
		log_warn("isdn span %d: %s alarm %s", span->conf.span_no,
			 a & TDM_ALARM_RED ? "red" : "blue", now ? "raised" : "cleared");
		if (span->up)
			span->h->dchan_h(span, !now, span->arg);
		if (now)
			restart_cancel(span);
		else if (span->up)
			restart_all(span);
	}
	timer_start(span->loop, &span->alarm_poll, ISDN_ALARM_POLL_MS, isdn_alarm_poll_h, span);
}

int isdn_span_alloc(struct isdn_span **spanp, struct loop *loop, const struct isdn_span_conf *conf,
		    const struct tdm_backend_ops *ops, struct tdm_span *tdm,
		    const struct isdn_handlers *h, void *arg)
{
	struct isdn_span *span;
	int err;

	pri_set_message(isdn_pri_message);
	pri_set_error(isdn_pri_error);
	span = calloc(1, sizeof(*span));
	if (!span)
		return -ENOMEM;
	span->conf = *conf;
	span->loop = loop;
	span->ops = ops;
	span->tdm = tdm;
	span->h = h;
	span->arg = arg;
	timer_init(&span->sched);
	timer_init(&span->alarm_poll);
	timer_init(&span->restart_guard);
	span->pri = pri_new_cb(ops->dchan_fd(tdm), conf->node, conf->switchtype, isdn_io_read,
			       isdn_io_write, span);
	if (!span->pri) {
		err = -ENOMEM;
		goto err_free;
	}
	pri_set_debug(span->pri, conf->debug);
	pri_hangup_fix_enable(span->pri, 1);
	if (conf->send_name >= 0)
		pri_display_options_send(span->pri, conf->send_name ? PRI_DISPLAY_OPTION_NAME_INITIAL
								    : PRI_DISPLAY_OPTION_BLOCK);
	/*
	 * Q.931 5.8.8: active calls survive a data link failure for T309;
	 * libpri clears them (and every call not yet active) itself.
	 */
	pri_set_timer(span->pri, PRI_TIMER_T309, ISDN_T309_MS);
	if (conf->overlap)
		pri_set_overlapdial(span->pri, 1);
	err = loop_fd_add(loop, ops->dchan_fd(tdm), EPOLLIN, isdn_dchan_h, span);
	if (err)
		goto err_free_pri;
	isdn_schedule(span);
	isdn_alarm_poll_h(span);
	*spanp = span;
	return 0;

err_free_pri:
	free(span->pri);
err_free:
	free(span);
	return err;
}

void isdn_span_free(struct isdn_span *span)
{
	int i;

	if (!span)
		return;
	loop_fd_del(span->loop, span->ops->dchan_fd(span->tdm));
	timer_cancel(span->loop, &span->sched);
	timer_cancel(span->loop, &span->alarm_poll);
	timer_cancel(span->loop, &span->restart_guard);
	for (i = 0; i < TDM_MAX_CHANS; i++)
		free(span->calls[i]);
	/* libpri has no destructor in 1.6: struct pri is a plain allocation */
	free(span->pri);
	free(span);
}

bool isdn_span_up(const struct isdn_span *span)
{
	return span->up && !(span->alarms & (TDM_ALARM_RED | TDM_ALARM_BLUE));
}

int isdn_span_alarms(const struct isdn_span *span)
{
	return span->alarms;
}

int isdn_span_no(const struct isdn_span *span)
{
	return span->conf.span_no;
}

const struct isdn_span_conf *isdn_span_conf(const struct isdn_span *span)
{
	return &span->conf;
}

int isdn_span_free_chans(const struct isdn_span *span)
{
	int chan, n = 0;

	for (chan = 1; chan <= tdm_nchans(span->conf.framing); chan++)
		if (tdm_is_bchan(span->conf.framing, chan) && !span->calls[chan] &&
		    !chan_restarting(span, chan))
			n++;
	return n;
}

const struct isdn_span_stats *isdn_span_stats(const struct isdn_span *span)
{
	return &span->stats;
}

enum isdn_chan_state isdn_span_chan_state(const struct isdn_span *span, int chan,
					  struct isdn_call **callp)
{
	struct isdn_call *call = chan >= 0 && chan < TDM_MAX_CHANS ? span->calls[chan] : NULL;

	if (callp)
		*callp = call;
	if (call)
		return ISDN_CHAN_BUSY;
	return chan_restarting(span, chan) ? ISDN_CHAN_RESTARTING : ISDN_CHAN_IDLE;
}

int isdn_call_setup(struct isdn_call **callp, struct isdn_span *span, const char *called,
		    const char *calling, void *user)
{
	struct isdn_numbers nums = {
		.called = called,
		.called_plan = PRI_UNKNOWN,
		.calling = calling,
		.calling_plan = PRI_UNKNOWN,
		.calling_pres = calling && *calling ? PRES_ALLOWED_USER_NUMBER_NOT_SCREENED
						    : PRES_NUMBER_NOT_AVAILABLE,
		.hunt = -1,
	};

	return isdn_call_setup_numbers(callp, span, &nums, user);
}

int isdn_call_setup_numbers(struct isdn_call **callp, struct isdn_span *span,
			    const struct isdn_numbers *nums, void *user)
{
	const char *called = nums->called, *calling = nums->calling;
	struct pri_party_id caller;
	struct isdn_call *call;
	struct pri_sr *sr;
	q931_call *q;
	int chan, err = 0;
	int layer1 = span->conf.law == TDM_ALAW ? PRI_LAYER_1_ALAW : PRI_LAYER_1_ULAW;

	if (!isdn_span_up(span))
		return -ENOTCONN;
	chan = chan_hunt(span, nums->hunt);
	if (chan < 0)
		return chan;
	q = pri_new_call(span->pri);
	if (!q)
		return -ENOMEM;
	sr = pri_sr_new();
	if (!sr) {
		err = -ENOMEM;
		goto err_destroy;
	}
	pri_sr_set_channel(sr, chan, 1, 0);
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, layer1);
	/*
	 * libpri adds Sending Complete to every EuroISDN SETUP unless overlap
	 * dialling is on; with it on, only en-bloc SETUPs (complete) carry it
	 */
	if (nums->overlap)
		pri_set_overlapdial(span->pri, 1);
	pri_sr_set_called(sr, (char *)called, nums->called_plan, !nums->overlap);
	memset(&caller, 0, sizeof(caller));
	if (calling && *calling) {
		caller.number.valid = 1;
		caller.number.presentation = nums->calling_pres;
		caller.number.plan = nums->calling_plan;
		snprintf(caller.number.str, sizeof(caller.number.str), "%s", calling);
	}
	if (nums->calling_name && *nums->calling_name) {
		/* the display IE (or a Q.SIG facility) carries it, presentation as the number's */
		caller.name.valid = 1;
		caller.name.presentation = nums->calling_pres & PRI_PRES_RESTRICTION;
		caller.name.char_set = PRI_CHAR_SET_ISO8859_1;
		snprintf(caller.name.str, sizeof(caller.name.str), "%s", nums->calling_name);
	}
	pri_sr_set_caller_party(sr, &caller);
	if (nums->redirecting && *nums->redirecting)
		pri_sr_set_redirecting(sr, (char *)nums->redirecting, nums->redirecting_plan,
				       nums->redirecting_pres, nums->redirecting_reason);
	if (pri_setup(span->pri, q, sr)) {
		err = -EIO;
		goto err_free_sr;
	}
	pri_sr_free(sr);
	call = call_new(span, q, chan);
	if (!call) {
		pri_hangup(span->pri, q, CAUSE_SWITCH_CONGESTION);
		return -ENOMEM;
	}
	call->user = user;
	log_info("isdn span %d: SETUP to '%s' from '%s' on B-channel %d", span->conf.span_no,
		 called, calling ? calling : "", chan);
	isdn_schedule(span);
	*callp = call;
	return 0;

err_free_sr:
	pri_sr_free(sr);
err_destroy:
	pri_destroycall(span->pri, q);
	return err;
}

int isdn_call_info(struct isdn_call *call, const char *digits)
{
	for (; *digits; digits++)
		if (pri_information(call->span->pri, call->q, *digits))
			return -EIO;
	isdn_schedule(call->span);
	return 0;
}

void isdn_call_set_user(struct isdn_call *call, void *user)
{
	call->user = user;
}

void *isdn_call_user(const struct isdn_call *call)
{
	return call->user;
}

int isdn_call_chan(const struct isdn_call *call)
{
	return call->chan;
}

struct isdn_span *isdn_call_span(const struct isdn_call *call)
{
	return call->span;
}

int isdn_call_alerting(struct isdn_call *call, bool inband)
{
	int err = pri_acknowledge(call->span->pri, call->q, call->chan, inband);

	isdn_schedule(call->span);
	return err ? -EIO : 0;
}

int isdn_call_progress(struct isdn_call *call)
{
	int err = pri_progress(call->span->pri, call->q, call->chan, 1);

	isdn_schedule(call->span);
	return err ? -EIO : 0;
}

const char *isdn_call_connected(const struct isdn_call *call, int *plan, int *pres)
{
	*plan = call->connected_plan;
	*pres = call->connected_pres;
	return call->connected;
}

int isdn_call_connect(struct isdn_call *call, const char *connected, int plan, int pres)
{
	int err;

	if (connected && *connected) {
		/* before the answer: libpri puts it into the CONNECT (Connected number IE) */
		struct pri_party_connected_line cl;

		memset(&cl, 0, sizeof(cl));
		cl.id.number.valid = 1;
		cl.id.number.plan = plan;
		cl.id.number.presentation = pres;
		snprintf(cl.id.number.str, sizeof(cl.id.number.str), "%s", connected);
		pri_connected_line_update(call->span->pri, call->q, &cl);
	}
	err = pri_answer(call->span->pri, call->q, call->chan, 0);

	isdn_schedule(call->span);
	return err ? -EIO : 0;
}

void isdn_call_hangup(struct isdn_call *call, int cause)
{
	call->user = NULL;
	if (call->hungup)
		return;
	call->hungup = true;
	pri_hangup(call->span->pri, call->q, cause);
	isdn_schedule(call->span);
}

static const struct {
	const char *name;
	int type;
} switchtypes[] = {
	{"euroisdn", PRI_SWITCH_EUROISDN_E1},
	{"ni2", PRI_SWITCH_NI2},
	{"dms100", PRI_SWITCH_DMS100},
	{"lucent5e", PRI_SWITCH_LUCENT5E},
	{"4ess", PRI_SWITCH_ATT4ESS},
	{"qsig", PRI_SWITCH_QSIG},
	{"euroisdn", PRI_SWITCH_EUROISDN_T1}, /* for the name only: the file says euroisdn */
};

int isdn_switchtype_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(switchtypes) / sizeof(switchtypes[0]); i++)
		if (!strcasecmp(s, switchtypes[i].name))
			return switchtypes[i].type;
	return -EINVAL;
}

const char *isdn_switchtype_name(int switchtype)
{
	size_t i;

	for (i = 0; i < sizeof(switchtypes) / sizeof(switchtypes[0]); i++)
		if (switchtypes[i].type == switchtype)
			return switchtypes[i].name;
	return "unknown";
}

const char *isdn_ev_name(enum isdn_ev ev)
{
	static const char *const names[] = {"PROCEEDING", "ALERTING", "PROGRESS", "CONNECT",
					    "DISCONNECT", "SETUP ACKNOWLEDGE"};

	return (unsigned)ev < sizeof(names) / sizeof(names[0]) ? names[ev] : "?";
}
