/* SPDX-License-Identifier: GPL-2.0-only */
/* Internals shared by the SIP UA's files: the UA, legs and transactions. */
#ifndef PRIGATE_SIP_UA_PRIV_H
#define PRIGATE_SIP_UA_PRIV_H

#include "sip_ua.h"

#define SIP_MAX_MSG 8192
#define SIP_ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK"
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
	struct sip_trunk *trunk;  /* UAC towards a trunk: its credentials */
	char *sdp;                /* UAC: our offer, to send the INVITE again with credentials */
	char *extra_hdrs;         /* UAC: the caller's extra INVITE headers, or NULL */
	char ruri[256];           /* UAC: the INVITE's Request-URI (ACK, CANCEL, digest uri) */
	bool auth_sent;
	enum sip_transport tp;    /* of the dialog (UAS: what the INVITE came over) */
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

	/* RFC 3262, UAS: our 1xx go reliably (the peer supports or requires 100rel) */
	bool rel_ok;
	uint32_t rseq;            /* RSeq of our last reliable provisional */
	char *rel_resp;           /* it, until its PRACK; retransmitted (timer t_rel) */
	size_t rel_len;
	unsigned rel_interval;
	uint64_t rel_deadline;
	struct timer t_rel;
	int held_status;          /* a response that waits for the PRACK, 0 none */
	char *held_sdp;
	int held_cause;
	/* RFC 3262, UAC: PRACK for the peer's reliable provisionals */
	uint32_t last_rseq;       /* highest RSeq PRACKed, 0 none yet */
	char prack_branch[80];
	char *prack_msg;
	size_t prack_len;
	unsigned prack_interval;
	struct timer t_prack, t_prack_f;

	const struct sip_msg *ev_msg; /* the message behind the event being reported */
	/* RFC 4028 session timer (sip_timer.c; se_s 0: none) */
	unsigned se_s;            /* the interval in force */
	bool se_refresher;        /* we refresh it (UPDATE); else the peer does and we watch */
	unsigned se_req;          /* UAC: the interval our INVITE asks for, 0 none */
	bool se_retried;          /* UAC: the INVITE was sent again after a 422 */
	char se_hdrs[96];         /* Session-Expires/Require for our 2xx, "" none */
	struct timer t_se;
};

struct tsx_cached {
	struct tsx_cached *next;
	enum sip_transport tp;
	char key[200];            /* branch + method + Call-ID */
	char *resp;
	size_t len;
	struct sockaddr_storage dst;
	uint64_t expires_ms;
};

/* a stream connection (TCP, or TLS over TCP) to or from a peer */
struct sip_conn {
	struct sip_conn *next;
	struct sip_ua *ua;
	int fd;
	enum sip_transport tp;
	bool connecting;          /* outbound, connect() in progress */
	bool outbound;
	struct sockaddr_storage peer;
	void *tls;                /* SSL *, sip_tls.c */
	char *tx;                 /* bytes not yet written */
	size_t txlen;
	size_t rxlen;
	struct timer t_idle;      /* closes idle connections; pings outbound ones */
	uint64_t last_rx_ms;
	char rx[2 * SIP_MAX_MSG];
};

#include "sip_auth.h"

enum trunk_state { TRUNK_STATIC, TRUNK_UP, TRUNK_DOWN, TRUNK_REGISTERING, TRUNK_REGISTERED,
		   TRUNK_FAILED };

/* a trunk and its one client transaction at a time: REGISTER or OPTIONS */
struct sip_trunk {
	struct sip_trunk_conf c;
	struct sip_ua *ua;
	bool used;
	enum trunk_state state;
	int last_status;
	unsigned failures;
	unsigned granted_s;
	char call_id[80];         /* REGISTER: the same for every refresh (10.2.4) */
	char tag[SIP_TAG_SIZE];
	uint32_t cseq;
	char branch[SIP_BRANCH_SIZE];
	char method[12];          /* of the pending transaction, "" none */
	char *msg;
	size_t len;
	unsigned interval;
	bool auth_sent;           /* credentials went with this attempt */
	struct sip_digest_chal chal;
	bool have_chal, chal_proxy;
	uint32_t nc;
	struct timer t_e, t_f, t_next;
};

#define SIP_MAX_TRUNKS 16
#define SIP_MAX_LISTEN 2

struct sip_ua {
	struct loop *loop;
	struct sip_ua_conf conf;
	const struct sip_ua_handlers *h;
	void *arg;
	int fd;                   /* UDP on the first listen address */
	int udp_fd[SIP_MAX_LISTEN];
	int tcp_fd[SIP_MAX_LISTEN]; /* listening, -1 when not */
	int tls_fd[SIP_MAX_LISTEN];
	struct sockaddr_storage laddr[SIP_MAX_LISTEN];
	int nlisten;
	char hostports[SIP_MAX_LISTEN][64]; /* our host:port per listen address */
	unsigned t1, t2, t4;
	char hostport[64];        /* our address as host:port for Via and Contact */
	struct sip_conn *conns;
	struct sip_trunk trunks[SIP_MAX_TRUNKS];
	int ntrunks;
	enum sip_transport rx_tp; /* transport of the message being dispatched */
	void *tls_ctx;            /* SSL_CTX *, sip_tls.c */
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

int ua_send(struct sip_ua *ua, enum sip_transport tp, const struct sockaddr_storage *dst,
	    const char *buf, size_t len);
/* host:port for Via/Contact towards an address of family */
const char *ua_hostport(const struct sip_ua *ua, int family);
/* the transport configured for requests to dst (a trunk's), else UDP */
enum sip_transport ua_peer_transport(const struct sip_ua *ua, const struct sockaddr_storage *dst);
struct sip_trunk *ua_trunk_by_addr(struct sip_ua *ua, const struct sockaddr_storage *dst);
/* a response to a trunk's REGISTER/OPTIONS? handled then (sip_trunk.c) */
bool trunk_rx_response(struct sip_ua *ua, const struct sip_msg *m);
void trunk_stop(struct sip_trunk *t);
void trunk_start(struct sip_trunk *t);
/* a fresh cnonce for digest answers */
void ua_cnonce(char *buf, size_t size);
const char *leg_contact(const struct sip_leg *leg);
/* a response without a body to a request (stateless, cached for non-INVITE) */
void ua_respond(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		int status, const char *extra);
char *leg_request(struct sip_leg *leg, const char *method, const char *branch, uint32_t cseq,
		  const char *extra, size_t *lenp);
const struct sockaddr_storage *leg_req_dst(struct sip_leg *leg);
void leg_set_route(struct sip_leg *leg, const struct sip_msg *m, bool reverse);
int leg_srv_respond(struct sip_leg *leg, int status, const char *sdp, const char *extra_in);

/* --- RFC 3262 (sip_prack.c) --- */
/* UAS: the INVITE's option tags; 0, or 420 with *unsup naming the one we lack */
int prack_check_invite(const struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
		       char *unsup, size_t size);
/* UAS: extra header lines for a reliable provisional (a new RSeq), "" otherwise */
void prack_rel_hdrs(struct sip_leg *leg, int status, char *buf, size_t size);
/* UAS: the provisional just stored is reliable: keep it for retransmission */
void prack_rel_sent(struct sip_leg *leg, const char *resp, size_t len);
/* UAS: true when status must wait for the PRACK (kept as held_*) */
bool prack_hold(struct sip_leg *leg, int status, const char *sdp, int cause);
/* UAS: a PRACK in the dialog; answers it */
void prack_rx(struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
	      const struct sockaddr_storage *src);
/* UAC: a 1xx to our INVITE; false when it is a retransmission to ignore */
bool prack_provisional(struct sip_leg *leg, const struct sip_msg *m);
/* UAC: a response to our PRACK (matched by branch): true when it was one */
bool prack_response(struct sip_leg *leg, const struct sip_msg *m);
void prack_free(struct sip_leg *leg);

/* stream transports (sip_tcp.c) */
int tcp_listen(struct sip_ua *ua, const struct sockaddr_storage *a, enum sip_transport tp);
int conn_send(struct sip_ua *ua, enum sip_transport tp, const struct sockaddr_storage *dst,
	      const char *buf, size_t len);
void conn_free(struct sip_conn *c);
bool conn_exists(const struct sip_ua *ua, enum sip_transport tp,
		 const struct sockaddr_storage *dst);
/*
 * Split a stream into messages (RFC 3261 18.3): returns the length of the
 * first complete message in buf (headers + Content-Length body), 0 when
 * more bytes are needed, -EMSGSIZE/-EBADMSG when the stream is broken.
 * *skip counts leading CRLFs (keepalives) to drop first.
 */
long sip_stream_frame(const char *buf, size_t len, size_t *skip, size_t max);
/* TLS (sip_tls.c when CONFIG_TLS, else sip_tls_none.c) */
int tls_ctx_init(struct sip_ua *ua);
void tls_ctx_free(struct sip_ua *ua);
int tls_conn_start(struct sip_conn *c, bool server);
void tls_conn_free(struct sip_conn *c);
/* like read/write: >0 bytes, 0 EOF, -EAGAIN, -errno */
long tls_conn_read(struct sip_conn *c, char *buf, size_t len);
long tls_conn_write(struct sip_conn *c, const char *buf, size_t len);
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
void leg_nict_response(struct sip_leg *leg, const struct sip_msg *m);
/* start the leg's non-INVITE client transaction; extra: header lines or NULL */
int leg_nict_start(struct sip_leg *leg, const char *method, int cause, const char *extra);
int leg_store_response(struct sip_leg *leg, int status, char *resp, size_t len);
void leg_ack_received(struct sip_leg *leg);
/*
 * RFC 4028 for a request that may refresh the session (INVITE, re-INVITE,
 * UPDATE): 0, or 422 with the Min-SE header in extra. On 0 leg->se_hdrs
 * holds what our 2xx must carry.
 */
int leg_se_request(struct sip_leg *leg, const struct sip_msg *m, char *extra, size_t size);
/* a 2xx refreshed the session: arm our refresh (UPDATE) or the expiry watch */
void leg_se_refreshed(struct sip_leg *leg);
/* UAC: the Session-Expires of the 2xx to our INVITE */
void leg_se_response(struct sip_leg *leg, const struct sip_msg *m);
/* UAC: Session-Expires and Min-SE lines for our INVITE ("" when not asking) */
void leg_se_invite_hdrs(const struct sip_leg *leg, char *buf, size_t size);
/* UAC: a 422 to our INVITE: true when it should go again (se_req raised) */
bool leg_se_too_small(struct sip_leg *leg, const struct sip_msg *m);
/* the final response to our refreshing UPDATE (NULL: timer F fired) */
void leg_se_update_response(struct sip_leg *leg, const struct sip_msg *m);
#define SIP_MIN_SE 90

/* route set from m's Record-Route (reversed for a UAC), and the next hop */
void leg_set_route(struct sip_leg *leg, const struct sip_msg *m, bool reverse);
/* the next hop from the route set or the remote target, else the peer */
void leg_update_hop(struct sip_leg *leg);
/* a response to request m, see sip_ua_rx.c */
char *ua_response(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		  int status, const char *reason, const char *to_tag, const char *extra,
		  const char *sdp, size_t *lenp);

void tsx_cache_put(struct sip_ua *ua, enum sip_transport tp, const char *key, const char *resp,
		   size_t len, const struct sockaddr_storage *dst);
/* true (and the response resent) if key is a retransmitted request */
bool tsx_cache_hit(struct sip_ua *ua, const char *key);
void tsx_cache_flush(struct sip_ua *ua);

#endif
