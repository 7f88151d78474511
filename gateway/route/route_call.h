/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Routing applied to calls: the call layer hands a new INVITE or SETUP
 * here when routing tables are configured, and asks again when a target
 * fails (failover) and when it maps a clearing cause. Each routed call
 * keeps a copy of its rule, so a reload never changes a call in progress.
 */
#ifndef PRIGATE_ROUTE_CALL_H
#define PRIGATE_ROUTE_CALL_H

#include "call/call.h"
#include "route.h"

struct route_span_cand {
	int span;
	int hunt;		/* enum isdn_hunt, -1: the span's own */
	char group[ROUTE_NAME]; /* the group it came from, "" for span:N */
};

/* what routing decided for one call, before anything is dialled */
struct route_decision {
	enum route_dir dir;
	struct route_rule rule; /* a copy: reloads do not touch calls in progress */
	bool matched;
	char called_in[ROUTE_NUM], calling_in[ROUTE_NUM]; /* as routing saw them */
	struct route_number called, calling;		  /* as they leave */
	struct route_ident ident;
	bool screened;
	char src_trunk[ROUTE_NAME]; /* ROUTE_OUT: the trunk the INVITE came from */
	/* targets in failover order */
	char trunks[ROUTE_MAX_TARGETS][ROUTE_NAME];
	int ntrunks;
	struct route_span_cand spans[ROUTE_MAX_TARGETS * ROUTE_GROUP_SPANS];
	int nspans;
	int active; /* calls on this rule now */
};

struct call_route {
	struct route_decision d;
	int next;		/* index of the target in use */
	char trunk[ROUTE_NAME]; /* trunk whose [causes] table maps this call's causes */
	char hdrs[512];		/* PRI -> SIP: identity headers of the current INVITE */
	bool from_anonymous;
	unsigned retry_after;	/* SIP -> PRI refused by a max_cps: Retry-After seconds */
};

bool route_call_in_active(const struct gw *gw);
bool route_call_out_active(const struct gw *gw);
/* overlap receiving: the PRI -> SIP rule for these digits has a fixed length, all there */
bool route_call_in_complete(struct gw *gw, int span, const struct isdn_setup_info *info);

/* SIP -> PRI: a new INVITE; returns like sip_ua_handlers.invite_h */
int route_call_sip_invite(struct gw *gw, struct sip_leg *leg, const struct sip_invite_info *info);
/* PRI -> SIP: a new SETUP; returns like isdn_handlers.setup_h */
int route_call_pri_setup(struct gw *gw, struct gw_span *span, struct isdn_call *icall,
			 const struct isdn_setup_info *info);

/* the INVITE failed: true when the call went on to the next trunk */
bool route_call_sip_failed(struct call *call, const struct sip_leg_ev_info *info);
/* the SETUP was cleared before any answer: true when the next span took it */
bool route_call_isdn_failed(struct call *call, int cause);
/* cause mapping with the call's trunk's [causes] table */
int route_call_sip_cause(const struct call *call, const struct sip_leg_ev_info *info);
int route_call_cause_to_sip(const struct call *call, int cause);
void route_call_free(struct call *call);
/*
 * COLP (Q.951) <-> RFC 3325, with trusted trunks only. SIP -> PRI: the
 * P-Asserted-Identity (and Privacy) lines for our 2xx from the CONNECT's
 * connected number ("" none). PRI -> SIP: the connected number for our
 * CONNECT from the 2xx's P-Asserted-Identity, NULL none.
 */
void route_call_connected_hdrs(const struct call *call, char *buf, size_t size);
const char *route_call_connected_isdn(const struct call *call, const struct sip_leg_ev_info *info,
				      int *plan, int *pres);

/*
 * prigatectl route test [--json] [--from N] [--name NAME]
 *                       [--source span:N|trunk:NAME|ip:ADDR] NUMBER
 */
int route_call_test(struct gw *gw, int argc, char **argv, bool json, struct ctl_out *out);

#endif
