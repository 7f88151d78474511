// SPDX-License-Identifier: GPL-2.0-only
/* The call layer's offer/answer: gateway/sdp applied to a call's media. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "call_sdp.h"
#include "log.h"
#include "sdp/sdp.h"

static enum sdp_law law_sdp(enum tdm_law law)
{
	return law == TDM_ALAW ? SDP_LAW_PCMA : SDP_LAW_PCMU;
}

/* the law we prefer in an offer: the one in use (re-offers), else the span's */
static enum sdp_law offer_law(const struct call *call)
{
	if (call->have_remote)
		return law_sdp(call->rtp_law);
	return law_sdp(call->span ? call->span->conf.tdm.law : TDM_ALAW);
}

/* the keys our offer lists: every suite, strongest first */
static int offer_keys(struct call *call)
{
	static const enum sdp_srtp_suite order[SDP_SRTP_NSUITES] = {
		SDP_SRTP_AEAD_AES_256_GCM, SDP_SRTP_AEAD_AES_128_GCM,
		SDP_SRTP_AES_CM_128_HMAC_SHA1_80, SDP_SRTP_AES_CM_128_HMAC_SHA1_32,
	};
	unsigned i;

	if (call->srtp_policy == SDP_SRTP_OFF || call->noffer_keys)
		return 0;
	for (i = 0; i < SDP_SRTP_NSUITES; i++)
		if (sdp_srtp_key_new(&call->offer_keys[i], order[i], i + 1))
			return -EIO;
	call->noffer_keys = SDP_SRTP_NSUITES;
	return 0;
}

/* SDES outcome of an offer (new key of ours) or of an answer (our offered key) */
static int take_keys(struct call *call, const struct sdp_media_params *mp, bool offer)
{
	unsigned i;

	bool same = call->rx_key.suite == mp->srtp.suite && call->rx_key.len == mp->srtp.len &&
		    !memcmp(call->rx_key.key, mp->srtp.key, mp->srtp.len);

	call->savp = mp->savp;
	call->rx_key = mp->srtp;
	if (mp->srtp.suite == SDP_SRTP_NONE) {
		memset(&call->tx_key, 0, sizeof(call->tx_key));
		return 0;
	}
	if (offer) {
		/*
		 * RFC 4568 7.1.4: a re-offer with the peer's key unchanged (a
		 * refresh, hold) keeps ours; a new key from the peer gets a new
		 * one from us
		 */
		if (same && call->tx_key.suite == mp->srtp.suite) {
			call->tx_key.tag = mp->srtp.tag;
			return 0;
		}
		return sdp_srtp_key_new(&call->tx_key, mp->srtp.suite, mp->srtp.tag);
	}
	for (i = 0; i < call->noffer_keys; i++)
		if (call->offer_keys[i].tag == mp->srtp.tag)
			call->tx_key = call->offer_keys[i];
	return 0;
}

static void take_params(struct call *call, const struct sdp_media_params *mp)
{
	call->remote = mp->remote;
	call->have_remote = true;
	call->rtp_law = mp->law == SDP_LAW_PCMA ? TDM_ALAW : TDM_ULAW;
	call->pt = mp->pt;
	call->te_pt = mp->te_pt;
	call->ptime = mp->ptime;
	call->sdp_dir = mp->dir;
	call->rtcp_mux = mp->rtcp_mux;
	call->remote_rtcp_port = mp->remote_rtcp_port;
}

static int take(struct call *call, const struct pl *sdp, bool offer)
{
	static struct sdp_session sess; /* event loop only */
	struct sdp_media_params mp;
	char err[160];
	int ret;

	ret = sdp_parse(&sess, sdp, err, sizeof(err));
	if (!ret)
		ret = offer ? sdp_answer_offer_srtp(&sess, offer_law(call), call->srtp_policy, &mp,
						    err, sizeof(err))
			    : sdp_process_answer_srtp(&sess, call->offer_keys, call->noffer_keys,
						      call->srtp_policy == SDP_SRTP_MANDATORY, &mp,
						      err, sizeof(err));
	if (!ret && take_keys(call, &mp, offer)) {
		snprintf(err, sizeof(err), "no random key for SRTP");
		ret = -EIO;
	}
	if (ret) {
		log_notice("call %u: SDP %s refused (srtp %s): %s", call->id,
			   offer ? "offer" : "answer", sdp_srtp_policy_name(call->srtp_policy), err);
		return ret == -EIO ? -ENOTSUP : ret;
	}
	take_params(call, &mp);
	if (mp.srtp.suite != SDP_SRTP_NONE)
		log_info("call %u: SRTP %s (%s)", call->id, sdp_srtp_suite_name(mp.srtp.suite),
			 mp.savp ? "RTP/SAVP" : "best effort");
	if (offer)
		call->offer_mline = mp.mline;
	return 0;
}

int call_sdp_take_offer(struct call *call, const struct pl *sdp)
{
	int err;

	/* the offer must outlive the INVITE for the answer we build later */
	if (sdp->l >= sizeof(call->offer))
		return -ENOTSUP;
	memcpy(call->offer, sdp->p, sdp->l);
	call->offer[sdp->l] = '\0';
	call->offer_len = sdp->l;
	err = take(call, sdp, true);
	if (err)
		call->offer_len = 0;
	return err;
}

int call_sdp_take_answer(struct call *call, const struct pl *sdp)
{
	return take(call, sdp, false);
}

int call_sdp_build(struct call *call, char *buf, size_t size)
{
	const struct cfg_media *m = &call->gw->cfg.media;
	struct sdp_local local = {
		.sess_id = call->gw->start_ms * 1000 + call->id,
		.sess_version = call->sdp_version,
		.addr = m->rtp_address,
		.family = m->addr.ss_family,
		.rtp_port = call->rtp_port,
		.law = law_sdp(call->span ? call->span->conf.tdm.law : TDM_ALAW),
		.ptime = call->ptime,
		.rtcp_mux = true,
	};
	static struct sdp_session offer;
	struct sdp_media_params chosen = {0};
	struct pl o = pl_make(call->offer, call->offer_len);
	char err[160];

	if (!call->offer_len) {
		if (offer_keys(call))
			return -EIO;
		local.keys = call->offer_keys;
		local.nkeys = call->noffer_keys;
		local.savp = call->srtp_policy == SDP_SRTP_MANDATORY;
		return sdp_build_offer(buf, size, &local);
	}
	if (sdp_parse(&offer, &o, err, sizeof(err)))
		return -EBADMSG;
	chosen.remote = call->remote;
	chosen.law = law_sdp(call->rtp_law);
	chosen.pt = call->pt;
	chosen.te_pt = call->te_pt;
	chosen.ptime = call->ptime;
	chosen.mline = call->offer_mline;
	chosen.dir = (enum sdp_dir)call->sdp_dir;
	chosen.srtp = call->rx_key;
	chosen.rtcp_mux = call->rtcp_mux;
	chosen.savp = call->savp;
	if (call->tx_key.suite != SDP_SRTP_NONE) {
		local.keys = &call->tx_key;
		local.nkeys = 1;
	}
	return sdp_build_answer(buf, size, &local, &offer, &chosen);
}
