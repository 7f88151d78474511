// SPDX-License-Identifier: GPL-2.0-only
/*
 * RFC 4028 session timers. A dialog's session is refreshed by one side,
 * the refresher, every interval; the other side ends a session left
 * unrefreshed with a BYE (Reason: Q.850 cause 102, recovery on timer
 * expiry), which the call layer turns into the same cause on the PRI.
 *
 * As UAS we honour the refresher the UAC asks for (the UAC when it says
 * nothing); a UAC without timer support leaves the refreshing to us. As
 * UAC our INVITEs say Supported: timer and ask for [sip] session_expires;
 * a 422 makes them go again with the peer's Min-SE. When we refresh, we
 * send an UPDATE without a body at half the interval (section 10); a
 * refresh that times out or gets 408/481 ends the session at once.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "sip_ua_priv.h"

static unsigned min_se(const struct sip_ua *ua)
{
	return ua->conf.min_se ? ua->conf.min_se : SIP_MIN_SE;
}

/* Session-Expires of m: the interval, 0 when absent or malformed */
static unsigned se_interval(const struct sip_msg *m, struct pl *refresher)
{
	const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_SESSION_EXPIRES, 0);
	const char *semi;
	struct pl num;
	uint32_t v;

	if (refresher)
		*refresher = (struct pl)PL_INIT;
	if (!h)
		return 0;
	semi = pl_chr(&h->val, ';');
	num = pl_trim(pl_make(h->val.p, semi ? (size_t)(semi - h->val.p) : h->val.l));
	if (pl_u32(&num, &v, 86400 * 7))
		return 0;
	if (refresher && semi)
		sip_param_get(pl_make(semi, h->val.l - (size_t)(semi - h->val.p)), "refresher",
			      refresher);
	return v;
}

/* the Min-SE value of m, 0 when absent or malformed */
static unsigned min_se_of(const struct sip_msg *m)
{
	const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_MIN_SE, 0);
	const char *semi;
	struct pl num;
	uint32_t v;

	if (!h)
		return 0;
	semi = pl_chr(&h->val, ';');
	num = pl_trim(pl_make(h->val.p, semi ? (size_t)(semi - h->val.p) : h->val.l));
	return pl_u32(&num, &v, 86400 * 7) ? 0 : v;
}

static void se_off(struct sip_leg *leg)
{
	leg->se_s = 0;
	leg->se_refresher = false;
	timer_cancel(leg->ua->loop, &leg->t_se);
}

int leg_se_request(struct sip_leg *leg, const struct sip_msg *m, char *extra, size_t size)
{
	struct sip_ua *ua = leg->ua;
	struct pl refresher;
	unsigned se = se_interval(m, &refresher), min = min_se(ua), peer_min = min_se_of(m);
	bool timer = sip_msg_hdr_has_token(m, SIP_HDR_SUPPORTED, "timer") ||
		     sip_msg_hdr_has_token(m, SIP_HDR_REQUIRE, "timer");
	bool us;

	leg->se_hdrs[0] = '\0';
	if (!se && timer && ua->conf.session_expires) {
		/* section 9: a UAS may ask for a timer the UAC supports */
		se = ua->conf.session_expires > peer_min ? ua->conf.session_expires : peer_min;
		refresher = (struct pl)PL_INIT;
	}
	if (!se) {
		/* a refresh without Session-Expires turns the timer off */
		se_off(leg);
		return 0;
	}
	if (se < min) {
		if (timer) {
			snprintf(extra, size, "Min-SE: %u\r\n", min);
			return 422;
		}
		se = min; /* a UAC without timers cannot retry: a proxy asked, raise it */
	}
	/* section 9: the UAC's choice; without timer support the UAS refreshes */
	us = timer ? pl_eqcase_str(&refresher, "uas") : true;
	if (us && !sip_msg_hdr_has_token(m, SIP_HDR_ALLOW, "UPDATE")) {
		if (!timer) {
			log_info("SIP %s: Session-Expires from a peer that neither supports "
				 "timers nor allows UPDATE: no session timer",
				 leg->call_id);
			se_off(leg);
			return 0;
		}
		us = false; /* we could only refresh with UPDATE: the UAC refreshes */
	}
	leg->se_s = se;
	leg->se_refresher = us;
	snprintf(leg->se_hdrs, sizeof(leg->se_hdrs), "Session-Expires: %u;refresher=%s\r\n%s", se,
		 us ? "uas" : "uac", timer ? "Require: timer\r\n" : "");
	return 0;
}

static void se_bye(struct sip_leg *leg, const char *why)
{
	log_notice("SIP %s: session %s, BYE", leg->call_id, why);
	if (leg->state != LEG_CONFIRMED)
		return;
	leg_event(leg, SIP_LEG_TIMEOUT, 0, 0, NULL);
	leg->user = NULL;
	timer_cancel(leg->ua->loop, &leg->t_retx);
	leg->state = LEG_TERMINATING;
	leg_nict_start(leg, "BYE", 102 /* recovery on timer expiry */, NULL);
}

static void se_expired_h(void *arg)
{
	struct sip_leg *leg = arg;
	char why[64];

	snprintf(why, sizeof(why), "expired (no refresh in %u s)", leg->se_s);
	se_bye(leg, why);
}

/* section 10: time to refresh; the expiry watch runs until the 2xx */
static void se_refresh_h(void *arg)
{
	struct sip_leg *leg = arg;
	char hdrs[96];
	unsigned left = leg->se_s - leg->se_s / 2;

	if (leg->state != LEG_CONFIRMED)
		return;
	if (leg->nict_msg && timer_armed(&leg->t_nict_f)) {
		/* another request of ours is under way: try again in a second */
		timer_start(leg->ua->loop, &leg->t_se, 1000, se_refresh_h, leg);
		return;
	}
	snprintf(hdrs, sizeof(hdrs), "Session-Expires: %u;refresher=uac\r\nSupported: timer\r\n",
		 leg->se_s);
	if (leg_nict_start(leg, "UPDATE", 0, hdrs)) {
		se_bye(leg, "refresh failed (no memory)");
		return;
	}
	/* section 10: the BYE falls due a third (at most 32 s) before the end */
	left -= left / 3 < 32 ? left / 3 : 32;
	timer_start(leg->ua->loop, &leg->t_se, left * 1000ull, se_expired_h, leg);
}

void leg_se_refreshed(struct sip_leg *leg)
{
	uint64_t s;

	if (!leg->se_s || leg->state != LEG_CONFIRMED)
		return;
	if (leg->se_refresher) {
		timer_start(leg->ua->loop, &leg->t_se, leg->se_s * 1000ull / 2, se_refresh_h, leg);
		return;
	}
	/* section 10: BYE at the interval minus a third of it, or minus 32 s if less */
	s = leg->se_s - (leg->se_s / 3 < 32 ? leg->se_s / 3 : 32);
	timer_start(leg->ua->loop, &leg->t_se, s * 1000, se_expired_h, leg);
}

/* the session timer a 2xx (to our INVITE or UPDATE) settles on; we sent the request */
static void se_settle(struct sip_leg *leg, const struct sip_msg *m)
{
	struct pl refresher;
	unsigned se = se_interval(m, &refresher);

	if (!se) {
		/* section 7.4: a 2xx without it has no session timer */
		se_off(leg);
		return;
	}
	leg->se_s = se;
	leg->se_refresher = pl_eqcase_str(&refresher, "uac");
	if (leg->se_refresher && !sip_msg_hdr_has_token(m, SIP_HDR_ALLOW, "UPDATE") &&
	    !pl_eq_str(&m->cseq.method, "UPDATE")) {
		log_warn("SIP %s: the peer makes us the refresher but does not allow UPDATE; "
			 "no refreshes, the session may expire",
			 leg->call_id);
		leg->se_refresher = false;
	}
	leg_se_refreshed(leg);
}

void leg_se_response(struct sip_leg *leg, const struct sip_msg *m)
{
	se_settle(leg, m);
}

void leg_se_invite_hdrs(const struct sip_leg *leg, char *buf, size_t size)
{
	buf[0] = '\0';
	if (leg->se_req)
		snprintf(buf, size, "Session-Expires: %u\r\nMin-SE: %u\r\n", leg->se_req,
			 min_se(leg->ua));
}

bool leg_se_too_small(struct sip_leg *leg, const struct sip_msg *m)
{
	unsigned peer = min_se_of(m);

	if (leg->se_retried || !peer || peer > 86400 || peer <= leg->se_req)
		return false;
	log_info("SIP %s: 422, the peer's Min-SE is %u s: INVITE again", leg->call_id, peer);
	leg->se_retried = true;
	leg->se_req = peer;
	return true;
}

void leg_se_update_response(struct sip_leg *leg, const struct sip_msg *m)
{
	int status = m ? (int)m->status : 408;

	if (leg->state != LEG_CONFIRMED)
		return;
	if (status < 300) {
		se_settle(leg, m);
		return;
	}
	if (status == 408 || status == 481) {
		/* section 10: the refresh timed out or the dialog is gone */
		se_bye(leg, status == 408 ? "refresh timed out" : "refresh got 481");
		return;
	}
	if (status == 422 && min_se_of(m) > leg->se_s && min_se_of(m) <= 86400) {
		leg->se_s = min_se_of(m);
		se_refresh_h(leg);
		return;
	}
	/* another failure: the session lasts until its expiry watch fires */
	log_info("SIP %s: session refresh got %d", leg->call_id, status);
}
