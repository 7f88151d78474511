// SPDX-License-Identifier: GPL-2.0-only
/*
 * RFC 3262 reliable provisional responses, both roles.
 *
 * UAS: when the INVITE says Supported or Require 100rel, our 1xx (not 100)
 * carry Require: 100rel and a new RSeq and are retransmitted, doubling from
 * T1, until the PRACK comes (64*T1 at most). One is outstanding at a time:
 * a provisional or a 2xx asked for meanwhile waits for the PRACK (3: no
 * final 2xx before it); a failure response goes at once.
 *
 * UAC: our INVITEs say Supported: 100rel; a reliable 1xx is PRACKed with
 * RAck (its RSeq, our INVITE's CSeq) in the early dialog, a retransmitted
 * one (RSeq already seen) is ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sip_msg.h"
#include "sip_ua_priv.h"

#define OPTION_TAGS_WE_RUN "100rel, timer"

/* every token of every Require header is one we run; else the first that is not */
static bool require_ok(const struct sip_ua *ua, const struct sip_msg *m, char *bad, size_t size)
{
	unsigned i, n = sip_msg_hdr_count(m, SIP_HDR_REQUIRE);

	for (i = 0; i < n; i++) {
		struct pl v = sip_msg_hdr(m, SIP_HDR_REQUIRE, i)->val;

		while (v.l) {
			struct pl tok = v;
			const char *comma = pl_chr(&v, ',');

			if (comma)
				tok.l = (size_t)(comma - v.p);
			tok = pl_trim(tok);
			if (tok.l && !pl_eqcase_str(&tok, "timer") &&
			    !(pl_eqcase_str(&tok, "100rel") && !ua->conf.no_100rel)) {
				if (bad)
					snprintf(bad, size, "%.*s", (int)tok.l, tok.p);
				return false;
			}
			if (!comma)
				break;
			v.l -= (size_t)(comma + 1 - v.p);
			v.p = comma + 1;
		}
	}
	return true;
}

int prack_check_invite(const struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
		       char *unsup, size_t size)
{
	char bad[64];

	if (!require_ok(ua, m, bad, sizeof(bad))) {
		if (unsup)
			snprintf(unsup, size, "Unsupported: %s\r\nSupported: " OPTION_TAGS_WE_RUN "\r\n",
				 bad);
		return 420;
	}
	if (leg)
		leg->rel_ok = !ua->conf.no_100rel &&
			      (sip_msg_hdr_has_token(m, SIP_HDR_SUPPORTED, "100rel") ||
			       sip_msg_hdr_has_token(m, SIP_HDR_REQUIRE, "100rel"));
	return 0;
}

void prack_rel_hdrs(struct sip_leg *leg, int status, char *buf, size_t size)
{
	buf[0] = '\0';
	if (status > 100 && status < 200 && leg->rel_ok && !leg->srv_reinvite)
		snprintf(buf, size, "Require: 100rel\r\nRSeq: %u\r\n", ++leg->rseq);
}

/* retransmit the reliable provisional until PRACK: T1 doubling (RFC 3262 3) */
static void rel_retx_h(void *arg)
{
	struct sip_leg *leg = arg;
	struct sip_ua *ua = leg->ua;
	int held;

	if (!leg->rel_resp)
		return;
	if (loop_now_ms(ua->loop) < leg->rel_deadline) {
		ua_send(ua, leg->tp, &leg->resp_dst, leg->rel_resp, leg->rel_len);
		leg->rel_interval *= 2;
		timer_start(ua->loop, &leg->t_rel, leg->rel_interval, rel_retx_h, leg);
		return;
	}
	log_notice("SIP %s: no PRACK for RSeq %u", leg->call_id, leg->rseq);
	free(leg->rel_resp);
	leg->rel_resp = NULL;
	held = leg->held_status;
	if (held) {
		/* send what waited; a 2xx the peer may still ACK */
		leg->held_status = 0;
		leg_srv_respond(leg, held, leg->held_sdp, NULL);
		free(leg->held_sdp);
		leg->held_sdp = NULL;
	}
}

void prack_rel_sent(struct sip_leg *leg, const char *resp, size_t len)
{
	struct sip_ua *ua = leg->ua;

	free(leg->rel_resp);
	leg->rel_resp = malloc(len);
	if (!leg->rel_resp)
		return;
	memcpy(leg->rel_resp, resp, len);
	leg->rel_len = len;
	leg->rel_interval = ua->t1;
	leg->rel_deadline = loop_now_ms(ua->loop) + 64ull * ua->t1;
	if (!(leg->tp == SIP_TP_TCP || leg->tp == SIP_TP_TLS))
		timer_start(ua->loop, &leg->t_rel, ua->t1, rel_retx_h, leg);
	else /* over a stream only the 64*T1 limit matters */
		timer_start(ua->loop, &leg->t_rel, 64ull * ua->t1, rel_retx_h, leg);
}

bool prack_hold(struct sip_leg *leg, int status, const char *sdp, int cause)
{
	struct sip_ua *ua = leg->ua;

	if (!leg->rel_resp || leg->srv_reinvite || status <= 100)
		return false;
	if (status >= 300) {
		/* a failure ends the transaction: nothing waits for the PRACK now */
		timer_cancel(ua->loop, &leg->t_rel);
		free(leg->rel_resp);
		leg->rel_resp = NULL;
		leg->held_status = 0;
		return false;
	}
	if (leg->held_status >= 200)
		return true; /* the 2xx already waits; a later 1xx has no use */
	free(leg->held_sdp);
	leg->held_sdp = sdp ? strdup(sdp) : NULL;
	leg->held_status = status;
	leg->held_cause = cause;
	return true;
}

/* RAck: response-num CSeq-num Method (RFC 3262 7.2) */
static int rack_parse(const struct pl *v, uint32_t *rseq, uint32_t *cseq)
{
	char buf[64], method[16];

	if (pl_strcpy(v, buf, sizeof(buf)) ||
	    sscanf(buf, "%u %u %15s", rseq, cseq, method) != 3 || strcmp(method, "INVITE"))
		return -EBADMSG;
	return 0;
}

void prack_rx(struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
	      const struct sockaddr_storage *src)
{
	const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_RACK, 0);
	uint32_t rseq, cseq;
	int held;

	if (!h || rack_parse(&h->val, &rseq, &cseq)) {
		ua_respond(ua, m, src, 400, NULL);
		return;
	}
	/* 7.2: it must acknowledge the reliable provisional now outstanding */
	if (leg->role != LEG_UAS || !leg->rel_resp || rseq != leg->rseq || cseq != leg->srv_cseq) {
		ua_respond(ua, m, src, 481, NULL);
		return;
	}
	ua_respond(ua, m, src, 200, NULL);
	timer_cancel(ua->loop, &leg->t_rel);
	free(leg->rel_resp);
	leg->rel_resp = NULL;
	held = leg->held_status;
	if (held) {
		leg->held_status = 0;
		sip_leg_respond(leg, held, leg->held_sdp, leg->held_cause);
		free(leg->held_sdp);
		leg->held_sdp = NULL;
	}
}

/* --- UAC ------------------------------------------------------------------ */

static void prack_retx_h(void *arg)
{
	struct sip_leg *leg = arg;
	struct sip_ua *ua = leg->ua;

	ua_send(ua, leg->tp, leg_req_dst(leg), leg->prack_msg, leg->prack_len);
	leg->prack_interval = leg->prack_interval * 2 < ua->t2 ? leg->prack_interval * 2 : ua->t2;
	timer_start(ua->loop, &leg->t_prack, leg->prack_interval, prack_retx_h, leg);
}

static void prack_timeout_h(void *arg)
{
	struct sip_leg *leg = arg;

	log_notice("SIP %s: no answer to PRACK", leg->call_id);
	timer_cancel(leg->ua->loop, &leg->t_prack);
	leg->prack_branch[0] = '\0';
}

bool prack_provisional(struct sip_leg *leg, const struct sip_msg *m)
{
	struct sip_ua *ua = leg->ua;
	const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_RSEQ, 0);
	char rack[64], num[16];
	uint32_t rseq;

	if (!sip_msg_hdr_has_token(m, SIP_HDR_REQUIRE, "100rel") || !h)
		return true; /* an ordinary provisional */
	if (pl_strcpy(&h->val, num, sizeof(num)) || sscanf(num, "%u", &rseq) != 1)
		return true;
	if (leg->last_rseq && rseq <= leg->last_rseq)
		return false; /* a retransmission: our PRACK transaction covers it */
	leg->last_rseq = rseq;
	/* the early dialog's route set and target come from this response (12.1.2) */
	if (!leg->route_set[0])
		leg_set_route(leg, m, true);
	timer_cancel(ua->loop, &leg->t_prack);
	timer_cancel(ua->loop, &leg->t_prack_f);
	free(leg->prack_msg);
	sip_gen_branch(leg->prack_branch, sizeof(leg->prack_branch));
	snprintf(rack, sizeof(rack), "RAck: %u %u INVITE\r\n", rseq, leg->invite_cseq);
	leg->prack_msg = leg_request(leg, "PRACK", leg->prack_branch, ++leg->local_cseq, rack,
				     &leg->prack_len);
	if (!leg->prack_msg) {
		leg->prack_branch[0] = '\0';
		return true;
	}
	ua_send(ua, leg->tp, leg_req_dst(leg), leg->prack_msg, leg->prack_len);
	leg->prack_interval = ua->t1;
	if (!(leg->tp == SIP_TP_TCP || leg->tp == SIP_TP_TLS))
		timer_start(ua->loop, &leg->t_prack, ua->t1, prack_retx_h, leg);
	timer_start(ua->loop, &leg->t_prack_f, 64ull * ua->t1, prack_timeout_h, leg);
	return true;
}

bool prack_response(struct sip_leg *leg, const struct sip_msg *m)
{
	if (!pl_eq_str(&m->cseq.method, "PRACK"))
		return false;
	if (m->status >= 200) {
		timer_cancel(leg->ua->loop, &leg->t_prack);
		timer_cancel(leg->ua->loop, &leg->t_prack_f);
		leg->prack_branch[0] = '\0';
		if (m->status >= 300)
			log_notice("SIP %s: PRACK answered %u", leg->call_id, m->status);
	}
	return true;
}

void prack_free(struct sip_leg *leg)
{
	struct sip_ua *ua = leg->ua;

	timer_cancel(ua->loop, &leg->t_rel);
	timer_cancel(ua->loop, &leg->t_prack);
	timer_cancel(ua->loop, &leg->t_prack_f);
	free(leg->rel_resp);
	free(leg->held_sdp);
	free(leg->prack_msg);
}
