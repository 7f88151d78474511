/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Calls: a SIP leg and an ISDN leg joined by a call object, with the media
 * stream between the B-channel and RTP. The call object lives while any of
 * its leg, its ISDN call or its media stream refers to it.
 */
#ifndef PRIGATE_CALL_H
#define PRIGATE_CALL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config/config.h"
#include "sdp/sdp.h"
#include "ctl/ctl.h"
#include "isdn/isdn.h"
#include "loop.h"
#include "media/media.h"
#include "sip/sip_ua.h"

enum call_dir { CALL_SIP_TO_PRI, CALL_PRI_TO_SIP };

enum call_state {
	CALL_SETUP,     /* INVITE/SETUP sent, nothing back yet */
	CALL_RINGING,   /* ALERTING / 180 */
	CALL_EARLY,     /* early media flowing */
	CALL_ACTIVE,    /* answered */
	CALL_CLEARING,  /* one leg gone, the other being cleared */
};

struct gw_span {
	struct cfg_span conf;
	const struct tdm_backend_ops *ops;
	struct tdm_span *tdm;
	struct isdn_span *isdn;
	int media_idx;
	uint64_t calls_in, calls_out;
};

struct call {
	unsigned id;
	enum call_dir dir;
	enum call_state state;
	struct gw *gw;
	struct sip_leg *sip;
	struct isdn_call *isdn;
	struct gw_span *span;
	int chan;
	char called[32], calling[32];
	/* media */
	int rtp_fd;
	uint16_t rtp_port;
	int media_slot;       /* -1 when no stream runs */
	bool have_remote;
	struct sockaddr_storage remote;
	enum tdm_law rtp_law;
	uint8_t pt, te_pt;
	unsigned ptime;
	uint64_t sdp_version;
	char offer[2048];     /* the remote offer, kept to build our answer */
	size_t offer_len;
	unsigned offer_mline;
	int sdp_dir;          /* enum sdp_dir we answered with */
	/* SRTP (SDES): the policy towards the SIP peer and the keys in use */
	enum sdp_srtp_policy srtp_policy;
	struct sdp_srtp_key offer_keys[SDP_SRTP_NSUITES]; /* ours, in our offer */
	unsigned noffer_keys;
	struct sdp_srtp_key tx_key, rx_key; /* suite NONE: plain RTP */
	bool savp;            /* the m-line is RTP/SAVP */
	bool rtcp_mux;        /* RFC 5761 agreed; else RTCP to remote_rtcp_port */
	uint16_t remote_rtcp_port;
	int cause;            /* clearing cause, once known */
	uint64_t start_ms, answer_ms;
	struct call_route *route; /* gateway/route: the rule and failover state, or NULL */
	struct call *next;
};

struct gw {
	struct loop *loop;
	struct config cfg;
	char config_path[256];
	struct sip_ua *ua;
	struct media *media;
	struct ctl *ctl;
	struct gw_span spans[CFG_MAX_SPANS];
	int nspans;
	struct call *calls;
	struct call *by_slot[MEDIA_MAX_SLOTS];
	unsigned next_id;
	uint16_t next_port;
	uint64_t start_ms;
	uint64_t calls_total, calls_failed;
	unsigned route_rr[ROUTE_MAX_GROUPS]; /* round-robin position of each [group] */
	/* max_cps token buckets of each [trunk] and [group], by index; reset on reload */
	struct route_bucket trunk_cps[CFG_MAX_TRUNKS];
	struct route_bucket group_cps[ROUTE_MAX_GROUPS];
};

/* handlers given to the SIP UA and the ISDN spans */
extern const struct sip_ua_handlers call_sip_handlers;
extern const struct isdn_handlers call_isdn_handlers;
void call_media_stopped(int slot, int rtp_fd, void *arg);

struct call *call_find(struct gw *gw, unsigned id);
/* for gateway/route: a new call (with its RTP socket), and the release of a reference */
struct call *call_new(struct gw *gw, enum call_dir dir);
void call_put(struct call *call);
/* clear both legs with cause (operator hangup, shutdown) */
void call_hangup(struct call *call, int cause);
void call_hangup_all(struct gw *gw, int cause);
const char *call_state_name(enum call_state st);

#endif
