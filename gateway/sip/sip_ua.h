/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SIP user agent core of the gateway: UDP transport, the RFC 3261
 * transaction state machines, and one "leg" per INVITE dialog. The call
 * layer sees legs and events; retransmissions, ACKs, CANCEL matching and
 * stray requests are handled here.
 */
#ifndef PRIGATE_SIP_UA_H
#define PRIGATE_SIP_UA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "loop.h"
#include "pl.h"

struct sip_ua;
struct sip_leg;
struct sip_msg;

enum sip_transport { SIP_TP_UDP, SIP_TP_TCP, SIP_TP_TLS, SIP_TP_NUM };
/* "UDP", "TCP", "TLS" as in Via */
const char *sip_transport_name(enum sip_transport tp);
/* was the build made with TLS (CONFIG_TLS)? */
bool sip_tls_available(void);

struct sip_ua_conf {
	struct sockaddr_storage listen; /* UDP address and port */
	struct sockaddr_storage listen2; /* a second address (IPv6 beside IPv4); family 0: none */
	unsigned transports;             /* 1 << SIP_TP_x; 0: UDP only */
	/* TLS (PEM files): our certificate and key, the CA that peers' certificates
	 * must chain to (then verified, with the trunk's address as the name) */
	char tls_cert[256], tls_key[256], tls_ca[256];
	char user_agent[64];
	unsigned t1_ms, t2_ms, t4_ms;   /* RFC 3261 timers; 0 = defaults 500/4000/5000 */
	unsigned max_cps;               /* new INVITEs per second, more get 503; 0 = no limit */
	bool no_100rel;                 /* RFC 3262 off: no reliable provisionals, no PRACK */
	/* RFC 4028: the interval our INVITEs ask for and a UAC with timers gets (0:
	 * none asked, peers' still honoured), and the smallest we accept (0: 90) */
	unsigned session_expires, min_se;
};

struct sip_invite_info {
	char ruri_user[64];   /* Request-URI user part: the called number */
	char from_user[64];   /* From user part: the calling number */
	char from_display[64];
	struct pl sdp;        /* offer; valid during the callback only */
	bool sdp_is_sdp;      /* Content-Type application/sdp */
	struct sockaddr_storage src;
	const struct sip_msg *msg; /* the whole INVITE (identity headers); callback only */
};

enum sip_leg_ev {
	SIP_LEG_PROGRESS,  /* UAC: 1xx (status), maybe with SDP (early media) */
	SIP_LEG_ANSWERED,  /* UAC: 2xx with SDP; the ACK has been sent */
	SIP_LEG_FAILED,    /* UAC: final failure (status, cause from Reason if any) */
	SIP_LEG_CANCELLED, /* UAS: CANCEL for the pending INVITE; 487 has been sent */
	SIP_LEG_BYE,       /* BYE received (cause from Reason, or 0); 200 sent */
	SIP_LEG_ACKED,     /* UAS: ACK for our 2xx */
	SIP_LEG_TIMEOUT,   /* no response / no ACK: the dialog is dead */
};

struct sip_leg_ev_info {
	int status;     /* response status for PROGRESS/FAILED */
	int q850_cause; /* from a Reason: Q.850;cause=N header, 0 if none */
	struct pl sdp;  /* body, valid during the callback only */
	/* ANSWERED: the 2xx's first P-Asserted-Identity and Privacy values (callback only) */
	struct pl pai, privacy;
};

struct sip_ua_handlers {
	/*
	 * New INVITE outside a dialog. Return a final status (>= 300) to
	 * reject it, or 0 when the handler took the leg (sip_leg_set_user)
	 * or already answered it with sip_leg_respond.
	 */
	int (*invite_h)(struct sip_leg *leg, const struct sip_invite_info *info, void *arg);
	void (*leg_h)(struct sip_leg *leg, enum sip_leg_ev ev, const struct sip_leg_ev_info *info,
		      void *arg);
	/*
	 * An offer inside a dialog: a re-INVITE (hold, resume, new address)
	 * or an UPDATE (RFC 3311). offer is the SDP body, empty for a
	 * re-INVITE without one (then answer with our current SDP). Write
	 * the answer, NUL-terminated, into answer and return 0, or return a
	 * status >= 400 to reject the offer (the dialog stays as it was).
	 * May be NULL: such offers are then refused with 488.
	 */
	int (*offer_h)(struct sip_leg *leg, const struct pl *offer, char *answer, size_t size,
		       void *arg);
};

int sip_ua_alloc(struct sip_ua **uap, struct loop *loop, const struct sip_ua_conf *conf,
		 const struct sip_ua_handlers *h, void *arg);
void sip_ua_free(struct sip_ua *ua);
/* counters for prigatectl status */
struct sip_ua_stats {
	uint64_t rx_msgs, tx_msgs, rx_malformed, rx_retrans, legs_active;
	uint64_t rx_overload; /* INVITEs refused with 503 by max_cps */
};
void sip_ua_stats(const struct sip_ua *ua, struct sip_ua_stats *st);
/*
 * A SIP trunk: requests to addr (INVITEs, and everything in their
 * dialogs) go over tp; INVITEs challenged with 401/407 are sent again with
 * digest credentials. With reg, the UA registers username at the trunk
 * and keeps the binding refreshed (backing off after failures); else,
 * with keepalive_s, it sends OPTIONS that often and marks the trunk down
 * when they go unanswered. Addresses that are no trunk use UDP.
 */
struct sip_trunk_conf {
	char name[32];
	struct sockaddr_storage addr;
	enum sip_transport tp;
	char username[64], password[64], realm[128]; /* password is never logged */
	bool reg;
	unsigned expires;     /* requested registration lifetime, s (0: 3600) */
	unsigned keepalive_s; /* OPTIONS interval, s; 0: none (always up) */
};
int sip_ua_trunk_set(struct sip_ua *ua, const struct sip_trunk_conf *tc);
/* sip_ua_trunk_set with only a transport */
int sip_ua_trunk_add(struct sip_ua *ua, const char *name, const struct sockaddr_storage *addr,
		     enum sip_transport tp);
/* forget every trunk (before adding them again on a reload) */
void sip_ua_trunks_clear(struct sip_ua *ua);
/*
 * Can calls go to this trunk now? false when its OPTIONS go unanswered
 * or its registration failed; true for unknown names and trunks without
 * keepalive or registration (nothing says they are down).
 */
bool sip_ua_trunk_up(const struct sip_ua *ua, const char *name);

struct sip_trunk_info {
	char name[32];
	enum sip_transport tp;
	const char *state;    /* "static", "up", "down", "registering", "registered", "failed" */
	bool up;
	int last_status;      /* last final response to REGISTER/OPTIONS, 0 none, 408 timeout */
	long next_s;          /* seconds to the next REGISTER/OPTIONS, -1 none */
	unsigned expires_s;   /* registration lifetime the registrar granted */
	unsigned failures;    /* consecutive */
};
/* trunk idx (0..); -ENOENT past the last */
int sip_ua_trunk_info(const struct sip_ua *ua, int idx, struct sip_trunk_info *out);

/* UAC: send an INVITE to dest with an SDP offer */
int sip_leg_invite(struct sip_leg **legp, struct sip_ua *ua, const struct sockaddr_storage *dest,
		   const char *to_user, const char *from_user, const char *sdp, void *user);
/*
 * The same with extra header lines (each ending in CRLF, or NULL) the call
 * layer builds: P-Asserted-Identity, Privacy, Diversion. An empty
 * from_user gives the anonymous From of RFC 3323.
 */
int sip_leg_invite_hdrs(struct sip_leg **legp, struct sip_ua *ua,
			const struct sockaddr_storage *dest, const char *to_user,
			const char *from_user, const char *extra_hdrs, const char *sdp,
			void *user);
/* the same with a From display-name (NULL or "": none; quoted here) */
int sip_leg_invite_from(struct sip_leg **legp, struct sip_ua *ua,
			const struct sockaddr_storage *dest, const char *to_user,
			const char *from_display, const char *from_user, const char *extra_hdrs,
			const char *sdp, void *user);
/* UAS: respond to the INVITE (1xx or final); sdp may be NULL; cause adds a Reason header */
int sip_leg_respond(struct sip_leg *leg, int status, const char *sdp, int q850_cause);
/* the same with more header lines ("Name: value\r\n"...), e.g. Retry-After */
int sip_leg_respond_hdrs(struct sip_leg *leg, int status, const char *sdp, int q850_cause,
			 const char *extra_hdrs);
/*
 * End the leg whatever its state: CANCEL before a final response (UAC),
 * BYE when established, a final response to a pending INVITE (UAS,
 * status from the cause). The user is detached: no more events.
 */
void sip_leg_hangup(struct sip_leg *leg, int q850_cause, int status);
void sip_leg_set_user(struct sip_leg *leg, void *user);
void *sip_leg_user(const struct sip_leg *leg);
const char *sip_leg_call_id(const struct sip_leg *leg);

#endif
