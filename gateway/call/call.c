// SPDX-License-Identifier: GPL-2.0-only
/*
 * The B2BUA core: SIP dialog events and Q.931 call events drive one call
 * object each, which answers, rings and clears the other leg and starts
 * and stops the media stream between the B-channel and RTP.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "call.h"
#include "call_sdp.h"
#include "cause.h"
#include "log.h"
#include "sockaddr.h"
#include "route/route_call.h"
#include "sdp/sdp.h"
#include "vbd.h"

#define SDP_MAX 2048

static uint32_t rand32(void)
{
	uint32_t v = 0;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (uint32_t)time_now_ns();
	return v;
}

const char *call_state_name(enum call_state st)
{
	static const char *const names[] = {"setup", "ringing", "early", "active", "clearing"};

	return (unsigned)st < 5 ? names[st] : "?";
}

struct call *call_find(struct gw *gw, unsigned id)
{
	struct call *c;

	for (c = gw->calls; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

/* bind a UDP socket on an even port of the configured range */
static int rtp_socket(struct gw *gw, struct call *call)
{
	const struct cfg_media *m = &gw->cfg.media;
	unsigned span = (unsigned)(m->rtp_port_max - m->rtp_port_min) / 2, i;
	struct sockaddr_storage ss = m->addr;
	int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	for (i = 0; i < span; i++) {
		uint16_t port;

		if (gw->next_port < m->rtp_port_min || gw->next_port + 1 > m->rtp_port_max)
			gw->next_port = m->rtp_port_min + (m->rtp_port_min & 1);
		port = gw->next_port;
		gw->next_port += 2;
		if (ss.ss_family == AF_INET)
			((struct sockaddr_in *)&ss)->sin_port = htons(port);
		else
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
		if (bind(fd, (struct sockaddr *)&ss, sa_len(&ss)) == 0) {
			call->rtp_fd = fd;
			call->rtp_port = port;
			return 0;
		}
	}
	close(fd);
	return -EADDRINUSE;
}

/* the RTCP socket beside an RTP one; -1 when the port is taken (no RTCP then) */
static int rtcp_socket(struct gw *gw, uint16_t port)
{
	struct sockaddr_storage ss = gw->cfg.media.addr;
	int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
	if (bind(fd, (struct sockaddr *)&ss, sa_len(&ss))) {
		close(fd);
		return -1;
	}
	return fd;
}

struct call *call_new(struct gw *gw, enum call_dir dir)
{
	struct call *call = calloc(1, sizeof(*call));

	if (!call)
		return NULL;
	call->gw = gw;
	call->dir = dir;
	call->id = ++gw->next_id;
	call->rtp_fd = -1;
	call->media_slot = -1;
	call->ptime = gw->cfg.media.ptime;
	call->sdp_version = 1;
	call->start_ms = time_now_ms();
	if (rtp_socket(gw, call)) {
		free(call);
		return NULL;
	}
	call->next = gw->calls;
	gw->calls = call;
	gw->calls_total++;
	return call;
}

/* free the call once nothing refers to it any more */
void call_put(struct call *call)
{
	struct gw *gw = call->gw;
	struct call **pp;

	if (call->sip || call->isdn || call->media_slot >= 0)
		return;
	for (pp = &gw->calls; *pp; pp = &(*pp)->next) {
		if (*pp == call) {
			*pp = call->next;
			break;
		}
	}
	if (call->rtp_fd >= 0)
		close(call->rtp_fd);
	log_info("call %u: ended (cause %d, %s)", call->id, call->cause, cause_text(call->cause));
	route_call_free(call);
	free(call);
}

/*
 * Hold (RFC 3264 8.4, RFC 6337 5): with any direction but sendrecv the
 * B-channel hears silence; we send RTP only when the answer lets us.
 */
static void call_media_dir(const struct call *call, bool *no_send, bool *no_play)
{
	*no_send = call->sdp_dir == SDP_DIR_RECVONLY || call->sdp_dir == SDP_DIR_INACTIVE;
	*no_play = call->sdp_dir != SDP_DIR_SENDRECV;
}

static void call_media_start(struct call *call)
{
	struct gw *gw = call->gw;
	struct media_stream_params p = {0};
	int slot;

	if (call->media_slot >= 0 || !call->have_remote || !call->span)
		return;
	p.span_idx = call->span->media_idx;
	p.chan = call->chan;
	p.rtp_fd = call->rtp_fd;
	p.remote = call->remote;
	p.rtp_law = call->rtp_law;
	p.pt = call->pt;
	p.te_pt = call->te_pt;
	p.ptime = call->ptime;
	p.ssrc = rand32();
	p.seq = (uint16_t)rand32();
	p.ts = rand32();
	call_media_dir(call, &p.no_send, &p.no_play);
	p.rtcp_mux = call->rtcp_mux;
	p.rtcp_fd = -1;
	snprintf(p.cname, sizeof(p.cname), "prigate-%u@%s", call->id, gw->cfg.media.rtp_address);
	if (!p.rtcp_mux && call->remote_rtcp_port) {
		/* RTCP on our RTP port + 1 (RFC 3550 11), to the peer's a=rtcp or port + 1 */
		p.rtcp_fd = rtcp_socket(gw, call->rtp_port + 1);
		p.rtcp_remote = call->remote;
		if (p.rtcp_remote.ss_family == AF_INET)
			((struct sockaddr_in *)&p.rtcp_remote)->sin_port = htons(call->remote_rtcp_port);
		else
			((struct sockaddr_in6 *)&p.rtcp_remote)->sin6_port =
				htons(call->remote_rtcp_port);
	}
	if (call->rx_key.suite != SDP_SRTP_NONE) {
		int err = media_srtp_alloc(&p.srtp, &call->tx_key, &call->rx_key);

		if (err) {
			log_warn("call %u: SRTP not set up: %s", call->id, strerror(-err));
			if (p.rtcp_fd >= 0)
				close(p.rtcp_fd);
			return;
		}
	}
	slot = media_stream_start(gw->media, &p);
	if (slot < 0) {
		log_warn("call %u: media not started: %s", call->id, strerror(-slot));
		media_srtp_free(p.srtp);
		if (p.rtcp_fd >= 0)
			close(p.rtcp_fd);
		return;
	}
	call->media_slot = slot;
	gw->by_slot[slot] = call;
	/* the media thread owns the socket until it reports the stream stopped */
	call->rtp_fd = -1;
}

/* new SDES keys in a running call: new SRTP sessions (or none) for the stream */
static void call_media_rekey(struct call *call)
{
	struct media_srtp *srtp = NULL;
	int err = 0;

	if (call->rx_key.suite != SDP_SRTP_NONE)
		err = media_srtp_alloc(&srtp, &call->tx_key, &call->rx_key);
	if (!err)
		err = media_stream_rekey(call->gw->media, call->media_slot, srtp);
	if (err) {
		media_srtp_free(srtp);
		log_warn("call %u: new SRTP keys not applied: %s", call->id, strerror(-err));
		return;
	}
	log_info("call %u: SRTP %s", call->id,
		 srtp ? "rekeyed" : "off: plain RTP from now on");
}

static void call_media_stop(struct call *call)
{
	if (call->media_slot >= 0)
		media_stream_stop(call->gw->media, call->media_slot);
}

void call_media_stopped(int slot, int rtp_fd, void *arg)
{
	struct gw *gw = arg;
	struct call *call = gw->by_slot[slot];
	struct media_stats st;

	gw->by_slot[slot] = NULL;
	/* the slot keeps its counters until it is started again */
	media_stream_stats(gw->media, slot, &st);
	if (call)
		log_info("call %u: RTP in %llu out %llu, lost %llu, late %llu, wrong source %llu, "
			 "malformed %llu, underruns %llu, SRTP auth failures %llu, replays %llu; "
			 "DTMF events in %llu out %llu",
			 call->id, (unsigned long long)st.rx_packets,
			 (unsigned long long)st.tx_packets, (unsigned long long)st.rx_lost,
			 (unsigned long long)st.rx_late, (unsigned long long)st.rx_bad_source,
			 (unsigned long long)st.rx_malformed, (unsigned long long)st.underruns,
			 (unsigned long long)st.rx_auth_fail, (unsigned long long)st.rx_replay,
			 (unsigned long long)st.dtmf_rx, (unsigned long long)st.dtmf_tx);
	if (call && st.vbd)
		log_notice("call %u: fax/modem signal %s: the media ran as passthrough", call->id,
			   vbd_signal_name((enum vbd_signal)st.vbd));
	if (!call) {
		close(rtp_fd);
		return;
	}
	call->media_slot = -1;
	call->rtp_fd = rtp_fd;
	call_put(call);
}

/* the ISDN leg is gone or going: clear the SIP leg with the matching code */
static void clear_sip(struct call *call, int cause)
{
	if (!call->sip)
		return;
	sip_leg_hangup(call->sip, cause,
		       call->route ? route_call_cause_to_sip(call, cause) : cause_to_sip(cause));
	call->sip = NULL;
}

static void clear_isdn(struct call *call, int cause)
{
	if (!call->isdn)
		return;
	isdn_call_hangup(call->isdn, cause);
	call->isdn = NULL;
}

static void call_clear(struct call *call, int cause)
{
	if (!call->cause)
		call->cause = cause;
	if (call->state != CALL_ACTIVE && call->sip)
		call->gw->calls_failed++;
	call->state = CALL_CLEARING;
	clear_sip(call, call->cause);
	clear_isdn(call, call->cause);
	call_media_stop(call);
	call_put(call);
}

void call_hangup(struct call *call, int cause)
{
	log_notice("call %u: hangup requested (cause %d)", call->id, cause);
	call_clear(call, cause);
}

void call_hangup_all(struct gw *gw, int cause)
{
	while (gw->calls) {
		struct call *c = gw->calls;

		/* a call already clearing only waits for its media stream */
		if (c->state == CALL_CLEARING && !c->sip && !c->isdn) {
			gw->calls = c->next;
			if (c->media_slot >= 0)
				gw->by_slot[c->media_slot] = NULL;
			if (c->rtp_fd >= 0)
				close(c->rtp_fd);
			route_call_free(c);
			free(c);
			continue;
		}
		call_clear(c, cause);
	}
}

static int respond_sdp(struct call *call, int status)
{
	char sdp[SDP_MAX], hdrs[256] = "";
	int n = call_sdp_build(call, sdp, sizeof(sdp));

	if (n < 0)
		return n;
	if (status >= 200) /* the answering party, from the CONNECT (COLP) */
		route_call_connected_hdrs(call, hdrs, sizeof(hdrs));
	return sip_leg_respond_hdrs(call->sip, status, sdp, 0, hdrs);
}

/* --- SIP -> PRI ----------------------------------------------------------- */

static struct gw_span *span_pick(struct gw *gw, int *cause)
{
	int i;
	bool any_up = false;

	for (i = 0; i < gw->nspans; i++) {
		struct gw_span *s = &gw->spans[i];

		if (!isdn_span_up(s->isdn))
			continue;
		any_up = true;
		if (isdn_span_free_chans(s->isdn) > 0)
			return s;
	}
	*cause = any_up ? CAUSE_NO_CIRCUIT_AVAILABLE : CAUSE_NETWORK_OUT_OF_ORDER;
	return NULL;
}

static int sip_invite_h(struct sip_leg *leg, const struct sip_invite_info *info, void *arg)
{
	struct gw *gw = arg;
	struct isdn_numbers nums = {
		.called_plan = PRI_UNKNOWN,
		.calling_plan = PRI_UNKNOWN,
		.calling_pres = PRES_ALLOWED_USER_NUMBER_NOT_SCREENED,
		.hunt = -1,
	};
	struct gw_span *span;
	struct call *call;
	char name[64];
	int cause = 0, err;

	log_info("SIP INVITE from '%s' to '%s'", info->from_user, info->ruri_user);
	if (!info->ruri_user[0])
		return 404;
	if (route_call_out_active(gw))
		return route_call_sip_invite(gw, leg, info);
	span = span_pick(gw, &cause);
	if (!span) {
		log_notice("SIP INVITE to '%s': no span available (cause %d)", info->ruri_user,
			   cause);
		sip_leg_respond(leg, 503, NULL, cause);
		return 0;
	}
	call = call_new(gw, CALL_SIP_TO_PRI);
	if (!call)
		return 503;
	call->sip = leg;
	sip_leg_set_user(leg, call);
	snprintf(call->called, sizeof(call->called), "%.31s", info->ruri_user);
	snprintf(call->calling, sizeof(call->calling), "%.31s", info->from_user);
	call->srtp_policy =
		config_srtp_policy(&gw->cfg, config_trunk_by_src(&gw->cfg, &info->src));
	err = info->sdp.l ? call_sdp_take_offer(call, &info->sdp) : -ENOTSUP;
	if (err) {
		call->sip = NULL;
		call->cause = CAUSE_BEARERCAPABILITY_NOTAVAIL;
		call_put(call);
		return err == -EBADMSG ? 400 : 488;
	}
	call->span = span;
	span->calls_in++;
	route_name_to_isdn(info->from_display, name, sizeof(name));
	nums.called = call->called;
	nums.calling = call->calling;
	nums.calling_name = name;
	err = isdn_call_setup_numbers(&call->isdn, span->isdn, &nums, call);
	if (err) {
		cause = err == -EBUSY ? CAUSE_NO_CIRCUIT_AVAILABLE : CAUSE_NETWORK_OUT_OF_ORDER;
		sip_leg_respond(leg, 503, NULL, cause);
		call->sip = NULL;
		call->cause = cause;
		call_put(call);
		return 0;
	}
	call->chan = isdn_call_chan(call->isdn);
	log_notice("call %u: SIP '%s' -> span %d B%d '%s'", call->id, call->calling,
		   span->conf.no, call->chan, call->called);
	return 0;
}

/* ISDN progress on a SIP -> PRI call */
static void sip_to_pri_event(struct call *call, enum isdn_ev ev, int cause, bool inband)
{
	switch (ev) {
	case ISDN_EV_PROCEEDING:
	case ISDN_EV_SETUP_ACK: /* we send en-bloc, with Sending Complete */
		break;
	case ISDN_EV_ALERTING:
	case ISDN_EV_PROGRESS:
		if (inband) {
			/* ringback or announcements on the B-channel: early media */
			if (call->state != CALL_EARLY && !respond_sdp(call, 183)) {
				call->state = CALL_EARLY;
				call_media_start(call);
			}
		} else if (ev == ISDN_EV_ALERTING && call->state == CALL_SETUP) {
			sip_leg_respond(call->sip, 180, NULL, 0);
			call->state = CALL_RINGING;
		}
		break;
	case ISDN_EV_CONNECT:
		if (respond_sdp(call, 200)) {
			call_clear(call, CAUSE_TEMPORARY_FAILURE);
			return;
		}
		call->state = CALL_ACTIVE;
		call->answer_ms = time_now_ms();
		call_media_start(call);
		log_notice("call %u: answered", call->id);
		break;
	case ISDN_EV_DISCONNECT:
		break;
	}
}

/* --- PRI -> SIP ----------------------------------------------------------- */

static int isdn_setup_h(struct isdn_call *icall, const struct isdn_setup_info *info, void *arg)
{
	struct gw *gw = arg;
	struct isdn_span *is = isdn_call_span(icall);
	struct gw_span *span = NULL;
	const struct cfg_trunk *trunk;
	struct call *call;
	char sdp[SDP_MAX], name[64];
	int i, err;

	for (i = 0; i < gw->nspans; i++)
		if (gw->spans[i].isdn == is)
			span = &gw->spans[i];
	if (!span)
		return CAUSE_NETWORK_OUT_OF_ORDER;
	if (route_call_in_active(gw))
		return route_call_pri_setup(gw, span, icall, info);
	trunk = span->conf.trunk[0] ? config_trunk(&gw->cfg, span->conf.trunk) : NULL;
	if (!trunk && gw->cfg.ntrunks)
		trunk = &gw->cfg.trunks[0];
	if (!trunk) {
		log_notice("span %d: SETUP to '%s': no trunk to route to", span->conf.no,
			   info->called);
		return CAUSE_NO_ROUTE_DESTINATION;
	}
	call = call_new(gw, CALL_PRI_TO_SIP);
	if (!call)
		return CAUSE_SWITCH_CONGESTION;
	call->span = span;
	call->isdn = icall;
	call->chan = info->chan;
	call->rtp_law = span->conf.tdm.law;
	snprintf(call->called, sizeof(call->called), "%s", info->called);
	snprintf(call->calling, sizeof(call->calling), "%s", info->calling);
	isdn_call_set_user(icall, call);
	span->calls_out++;
	call->srtp_policy = trunk->srtp;
	route_name_from_isdn(info->calling_name, name, sizeof(name));
	err = call_sdp_build(call, sdp, sizeof(sdp));
	if (err >= 0)
		err = sip_leg_invite_from(&call->sip, gw->ua, &trunk->addr, call->called, name,
					  call->calling, NULL, sdp, call);
	if (err < 0) {
		log_warn("call %u: INVITE to trunk %s failed: %s", call->id, trunk->name,
			 strerror(-err));
		call->isdn = NULL;
		call->cause = CAUSE_TEMPORARY_FAILURE;
		call_put(call);
		return CAUSE_TEMPORARY_FAILURE;
	}
	log_notice("call %u: span %d B%d '%s' -> SIP trunk %s '%s'", call->id, span->conf.no,
		   call->chan, call->calling, trunk->name, call->called);
	return 0;
}

static void pri_to_sip_progress(struct call *call, const struct sip_leg_ev_info *info)
{
	bool early = info->sdp.l && !call_sdp_take_answer(call, &info->sdp);

	if (early) {
		call_media_start(call);
		call->state = CALL_EARLY;
	}
	if (info->status == 180) {
		isdn_call_alerting(call->isdn, early);
		if (!early)
			call->state = CALL_RINGING;
	} else if (info->status == 183 && early) {
		isdn_call_progress(call->isdn);
	}
}

static void pri_to_sip_answered(struct call *call, const struct sip_leg_ev_info *info)
{
	if (!call->have_remote && (!info->sdp.l || call_sdp_take_answer(call, &info->sdp))) {
		log_warn("call %u: 200 OK without a usable SDP answer", call->id);
		call_clear(call, CAUSE_BEARERCAPABILITY_NOTAVAIL);
		return;
	}
	int plan = 0, pres = 0;
	const char *connected;

	call_media_start(call);
	connected = route_call_connected_isdn(call, info, &plan, &pres);
	isdn_call_connect(call->isdn, connected, plan, pres);
	call->state = CALL_ACTIVE;
	call->answer_ms = time_now_ms();
	log_notice("call %u: answered", call->id);
}

/* --- offers inside the dialog: re-INVITE, UPDATE ------------------------------ */

/*
 * A new offer in an established (or early) dialog: hold, resume, a new
 * address. The codec stays what the call started with: an offer that would
 * change it is refused (488) and the call goes on unchanged.
 */
static int sip_offer_h(struct sip_leg *leg, const struct pl *offer, char *answer, size_t size,
		       void *arg)
{
	struct call *call = sip_leg_user(leg);
	static char saved[sizeof(call->offer)];
	size_t saved_len;
	unsigned saved_mline;
	struct sockaddr_storage remote;
	enum tdm_law law;
	uint8_t pt;
	int dir, n, err;
	bool no_send, no_play, savp, rekey;
	struct sdp_srtp_key tx_key, rx_key;

	if (!call)
		return 481;
	if (!offer->l) {
		/* no offer: ours goes in the 200, the answer in the ACK (kept as is) */
		saved_len = call->offer_len;
		call->offer_len = 0;
		n = call_sdp_build(call, answer, size);
		call->offer_len = saved_len;
		return n < 0 ? 500 : 0;
	}
	memcpy(saved, call->offer, call->offer_len);
	saved_len = call->offer_len;
	saved_mline = call->offer_mline;
	remote = call->remote;
	law = call->rtp_law;
	pt = call->pt;
	dir = call->sdp_dir;
	tx_key = call->tx_key;
	rx_key = call->rx_key;
	savp = call->savp;
	err = call_sdp_take_offer(call, offer);
	if (!err && call->media_slot >= 0 && (call->rtp_law != law || call->pt != pt)) {
		log_notice("call %u: re-offer changes the codec, refused", call->id);
		err = -ENOTSUP;
	}
	if (err) {
		memcpy(call->offer, saved, saved_len);
		call->offer_len = saved_len;
		call->offer_mline = saved_mline;
		call->remote = remote;
		call->rtp_law = law;
		call->pt = pt;
		call->sdp_dir = dir;
		call->tx_key = tx_key;
		call->rx_key = rx_key;
		call->savp = savp;
		return err == -EBADMSG ? 400 : 488;
	}
	rekey = memcmp(&tx_key, &call->tx_key, sizeof(tx_key)) ||
		memcmp(&rx_key, &call->rx_key, sizeof(rx_key));
	if (call->sdp_dir != dir || memcmp(&remote, &call->remote, sizeof(remote)) || rekey)
		call->sdp_version++;
	n = call_sdp_build(call, answer, size);
	if (n < 0)
		return 500;
	log_notice("call %u: new offer, media %s", call->id,
		   sdp_dir_name((enum sdp_dir)call->sdp_dir));
	if (call->media_slot >= 0) {
		if (memcmp(&remote, &call->remote, sizeof(remote)))
			media_stream_update(call->gw->media, call->media_slot, &call->remote);
		call_media_dir(call, &no_send, &no_play);
		media_stream_set_dir(call->gw->media, call->media_slot, no_send, no_play);
		if (rekey)
			call_media_rekey(call);
	}
	return 0;
}

/* --- event dispatch --------------------------------------------------------- */

static void sip_leg_h(struct sip_leg *leg, enum sip_leg_ev ev, const struct sip_leg_ev_info *info,
		      void *arg)
{
	struct call *call = sip_leg_user(leg);
	int cause;

	if (!call)
		return;
	switch (ev) {
	case SIP_LEG_PROGRESS:
		if (call->dir == CALL_PRI_TO_SIP && call->isdn)
			pri_to_sip_progress(call, info);
		break;
	case SIP_LEG_ANSWERED:
		if (call->dir == CALL_PRI_TO_SIP && call->isdn)
			pri_to_sip_answered(call, info);
		break;
	case SIP_LEG_ACKED:
		break;
	case SIP_LEG_FAILED:
		if (call->route && route_call_sip_failed(call, info))
			break; /* went on to the next trunk */
		cause = call->route ? route_call_sip_cause(call, info)
			: info->q850_cause ? info->q850_cause : sip_to_cause(info->status);
		log_notice("call %u: SIP %d -> cause %d", call->id, info->status, cause);
		call->sip = NULL;
		call_clear(call, cause);
		break;
	case SIP_LEG_CANCELLED:
	case SIP_LEG_BYE:
		cause = info->q850_cause ? info->q850_cause : CAUSE_NORMAL_CLEARING;
		log_notice("call %u: %s from SIP (cause %d)", call->id,
			   ev == SIP_LEG_BYE ? "BYE" : "CANCEL", cause);
		call->sip = NULL;
		call_clear(call, cause);
		break;
	case SIP_LEG_TIMEOUT:
		call->sip = NULL;
		call_clear(call, CAUSE_RECOVERY_ON_TIMER_EXPIRE);
		break;
	}
}

static void isdn_event_h(struct isdn_call *icall, enum isdn_ev ev, int cause, bool inband,
			 void *arg)
{
	struct call *call = isdn_call_user(icall);

	if (!call)
		return;
	log_info("call %u: ISDN %s%s cause %d", call->id, isdn_ev_name(ev),
		 inband ? " (in-band)" : "", cause);
	if (ev == ISDN_EV_DISCONNECT) {
		/* the ISDN layer releases its side itself */
		call->isdn = NULL;
		if (call->route && route_call_isdn_failed(call, cause))
			return; /* went on to the next span */
		call_clear(call, cause ? cause : CAUSE_NORMAL_CLEARING);
		return;
	}
	if (call->dir == CALL_SIP_TO_PRI && call->sip)
		sip_to_pri_event(call, ev, cause, inband);
}

/*
 * A line alarm (red or blue) means the span carries nothing: its calls are
 * cleared at once with cause 38, network out of order. A D-channel loss
 * alone is left to libpri, which keeps active calls for T309 and clears
 * them (and every call not yet active) itself if the link stays down.
 * Either way the span takes no new calls until it is back.
 */
static void isdn_dchan_h(struct isdn_span *is, bool up, void *arg)
{
	struct gw *gw = arg;
	struct call *c, *next;
	int n = 0;

	log_notice("span %d: D-channel %s", isdn_span_no(is), up ? "up" : "down");
	if (up || !(isdn_span_alarms(is) & (TDM_ALARM_RED | TDM_ALARM_BLUE)))
		return;
	for (c = gw->calls; c; c = next) {
		next = c->next;
		if (c->span && c->span->isdn == is && c->state != CALL_CLEARING) {
			call_clear(c, CAUSE_NETWORK_OUT_OF_ORDER);
			n++;
		}
	}
	if (n)
		log_warn("span %d: %d call%s cleared with cause 38", isdn_span_no(is), n,
			 n == 1 ? "" : "s");
}

const struct sip_ua_handlers call_sip_handlers = {
	.invite_h = sip_invite_h,
	.leg_h = sip_leg_h,
	.offer_h = sip_offer_h,
};

static bool isdn_number_complete(struct isdn_span *is, const struct isdn_setup_info *info,
				 void *arg)
{
	struct gw *gw = arg;

	return route_call_in_active(gw) && route_call_in_complete(gw, isdn_span_no(is), info);
}

const struct isdn_handlers call_isdn_handlers = {
	.dchan_h = isdn_dchan_h,
	.setup_h = isdn_setup_h,
	.number_complete = isdn_number_complete,
	.event_h = isdn_event_h,
};
