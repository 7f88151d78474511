// SPDX-License-Identifier: GPL-2.0-only
/* The call layer's offer/answer: gateway/sdp applied to a call's media. */
#include <arpa/inet.h>
#include <errno.h>
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

static void take_params(struct call *call, const struct sdp_media_params *mp)
{
	call->remote = mp->remote;
	call->have_remote = true;
	call->rtp_law = mp->law == SDP_LAW_PCMA ? TDM_ALAW : TDM_ULAW;
	call->pt = mp->pt;
	call->te_pt = mp->te_pt;
	call->ptime = mp->ptime;
	call->sdp_dir = mp->dir;
}

static int take(struct call *call, const struct pl *sdp, bool offer)
{
	static struct sdp_session sess; /* event loop only */
	struct sdp_media_params mp;
	char err[160];
	int ret;

	ret = sdp_parse(&sess, sdp, err, sizeof(err));
	if (!ret)
		ret = offer ? sdp_answer_offer(&sess, offer_law(call), &mp, err, sizeof(err))
			    : sdp_process_answer(&sess, &mp, err, sizeof(err));
	if (ret) {
		log_notice("call %u: SDP %s refused: %s", call->id, offer ? "offer" : "answer", err);
		return ret;
	}
	take_params(call, &mp);
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
	};
	static struct sdp_session offer;
	struct sdp_media_params chosen = {0};
	struct pl o = pl_make(call->offer, call->offer_len);
	char err[160];

	if (!call->offer_len)
		return sdp_build_offer(buf, size, &local);
	if (sdp_parse(&offer, &o, err, sizeof(err)))
		return -EBADMSG;
	chosen.remote = call->remote;
	chosen.law = law_sdp(call->rtp_law);
	chosen.pt = call->pt;
	chosen.te_pt = call->te_pt;
	chosen.ptime = call->ptime;
	chosen.mline = call->offer_mline;
	chosen.dir = (enum sdp_dir)call->sdp_dir;
	return sdp_build_answer(buf, size, &local, &offer, &chosen);
}
