/* SPDX-License-Identifier: GPL-2.0-only */
/* Internals shared by the SIP UA's files: the UA, legs and transactions. */
#ifndef PRIGATE_SIP_UA_PRIV_H
#define PRIGATE_SIP_UA_PRIV_H

#include "sip_ua.h"

#define SIP_MAX_MSG 8192
#define SIP_ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE"
/* RFC 3261 17.1.1.2: timer D is at least 32 s for unreliable transports */
#define TIMER_D_MS 32000u

enum leg_role { LEG_UAC, LEG_UAS };

enum leg_state {
	LEG_CALLING,     /* UAC: INVITE sent, nothing back; UAS: INVITE received */
	LEG_PROCEEDING,  /* a provisional response went out / came in */
	LEG_CONFIRMED,   /* 2xx sent or received: the dialog exists */
	LEG_TERMINATING, /* BYE or CANCEL in progress, or final non-2xx awaiting ACK */
	LEG_DONE,        /* lingering to absorb retransmissions */
};

struct sip_leg {
	struct sip_ua *ua;
	struct sip_leg *next;
	enum leg_role role;
	enum leg_state state;
	void *user;

	char call_id[128];
	char local_tag[40];
	char remote_tag[80];
	char local_uri[200];      /* name-addr without tag: our From (UAC) / To (UAS) */
	char remote_uri[200];     /* the peer's */
	char remote_target[256];  /* Request-URI of in-dialog requests (peer's Contact) */
	/* route set (12.1.1, 12.1.2) as "Route: ...\r\n" lines, "" when none */
	char route_set[1024];
	struct sockaddr_storage peer; /* where the initial INVITE came from / went to */
	struct sockaddr_storage hop;  /* next hop of in-dialog requests (8.1.2) */
	uint32_t local_cseq;
	uint32_t invite_cseq;     /* UAC: our INVITE's CSeq */
	uint32_t remote_cseq;     /* highest CSeq of the peer's requests, 0: none yet */

	/* UAC INVITE client transaction */
	char invite_branch[80];
	char *invite_msg;         /* UAC: the INVITE, for retransmission, ACK and CANCEL */
	size_t invite_len;
	/*
	 * INVITE server transaction: the initial INVITE (UAS) or a re-INVITE
	 * in an established dialog (either role).
	 */
	char srv_branch[80];
	uint32_t srv_cseq;
	bool srv_reinvite;        /* the server transaction is a re-INVITE */
	struct sockaddr_storage resp_dst; /* where its responses go */
	char *req;                /* a copy of the INVITE, to build responses from */
	size_t req_len;
	char *resp;               /* the last response, for retransmission */
	size_t resp_len;
	int resp_status;
	bool got_provisional;
	bool cancel_pending;      /* UAC: CANCEL once a provisional arrives */
	int hangup_cause;
	char *ack;                /* UAC: the ACK for a 2xx, resent on 2xx retransmission */
	size_t ack_len;

	/* one non-INVITE client transaction at a time: CANCEL or BYE */
	char nict_branch[80];
	char *nict_msg;
	size_t nict_len;
	unsigned nict_interval;
	uint64_t nict_deadline;

	unsigned retx_interval;
	uint64_t deadline;
	struct timer t_retx;      /* A (INVITE), G (2xx/final to INVITE) */
	struct timer t_nict;      /* E for CANCEL/BYE */
	struct timer t_nict_f;    /* F for CANCEL/BYE */
	struct timer t_end;       /* B, C, H, and the linger of D/I/J/K */
};

struct tsx_cached {
	struct tsx_cached *next;
	char key[200];            /* branch + method + Call-ID */
	char *resp;
	size_t len;
	struct sockaddr_storage dst;
	uint64_t expires_ms;
};

struct sip_ua {
	struct loop *loop;
	struct sip_ua_conf conf;
	const struct sip_ua_handlers *h;
	void *arg;
	int fd;
	unsigned t1, t2, t4;
	char hostport[64];        /* our address as host:port for Via and Contact */
	struct sip_leg *legs;
	struct tsx_cached *cache; /* responses of non-INVITE server transactions */
	struct timer t_cache;
	struct sip_ua_stats st;
	/* overload control: INVITEs accepted in the current second */
	uint64_t cps_second;
	unsigned cps_count;
	/* tests: every message sent goes here instead of the socket */
	void (*tx_tap)(void *arg, const struct sockaddr_storage *dst, const char *buf,
		       size_t len);
	void *tx_tap_arg;
	char rxbuf[SIP_MAX_MSG + 1];
};

int ua_send(struct sip_ua *ua, const struct sockaddr_storage *dst, const char *buf, size_t len);
void ua_addr_str(const struct sockaddr_storage *ss, char *buf, size_t size);
void ua_dispatch(struct sip_ua *ua, const char *buf, size_t len,
		 const struct sockaddr_storage *src);

struct sip_leg *leg_new(struct sip_ua *ua, enum leg_role role);
void leg_free(struct sip_leg *leg);
/* end of the leg's life: stop timers, linger for retransmissions, then free */
void leg_finish(struct sip_leg *leg);
void leg_linger(struct sip_leg *leg, uint64_t ms);
void leg_event(struct sip_leg *leg, enum sip_leg_ev ev, int status, int cause,
	       const struct pl *sdp);

/* transaction events for a leg (sip_leg.c) */
struct sip_msg;
void leg_invite_response(struct sip_leg *leg, const struct sip_msg *m, int cause,
			 const struct pl *sdp);
void leg_nict_response(struct sip_leg *leg, int status);
int leg_store_response(struct sip_leg *leg, int status, char *resp, size_t len);
void leg_ack_received(struct sip_leg *leg);
/* route set from m's Record-Route (reversed for a UAC), and the next hop */
void leg_set_route(struct sip_leg *leg, const struct sip_msg *m, bool reverse);
/* the next hop from the route set or the remote target, else the peer */
void leg_update_hop(struct sip_leg *leg);
/* a response to request m, see sip_ua_rx.c */
char *ua_response(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		  int status, const char *reason, const char *to_tag, const char *extra,
		  const char *sdp, size_t *lenp);

void tsx_cache_put(struct sip_ua *ua, const char *key, const char *resp, size_t len,
		   const struct sockaddr_storage *dst);
/* true (and the response resent) if key is a retransmitted request */
bool tsx_cache_hit(struct sip_ua *ua, const char *key);
void tsx_cache_flush(struct sip_ua *ua);

#endif
