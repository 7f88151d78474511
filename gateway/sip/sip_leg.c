// SPDX-License-Identifier: GPL-2.0-only
/*
 * SIP legs: one INVITE dialog each, with its INVITE transaction (client or
 * server), a server transaction for re-INVITEs, and at most one CANCEL/BYE
 * client transaction, retransmitted and timed out as RFC 3261 section 17
 * says for UDP (timers A, B, D, E, F, G, H, I, K; J is in sip_tsx_cache.c).
 * The dialog keeps its route set and remote target (section 12).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call/cause.h"
#include "log.h"
#include "sip_build.h"
#include "sip_ua_priv.h"

/* our host:port for the leg's address family, and its transport for Via */
#define HP(leg) ua_hostport((leg)->ua, (leg)->peer.ss_family)
#define TP(leg) sip_transport_name((leg)->tp)
#define RELIABLE(leg) ((leg)->tp != SIP_TP_UDP)

struct sip_leg *leg_new(struct sip_ua *ua, enum leg_role role)
{
	struct sip_leg *leg = calloc(1, sizeof(*leg));

	if (!leg)
		return NULL;
	leg->ua = ua;
	leg->role = role;
	timer_init(&leg->t_retx);
	timer_init(&leg->t_nict);
	timer_init(&leg->t_nict_f);
	timer_init(&leg->t_end);
	timer_init(&leg->t_se);
	timer_init(&leg->t_rel);
	timer_init(&leg->t_prack);
	timer_init(&leg->t_prack_f);
	sip_gen_tag(leg->local_tag, sizeof(leg->local_tag));
	leg->local_cseq = 1;
	leg->next = ua->legs;
	ua->legs = leg;
	return leg;
}

void leg_free(struct sip_leg *leg)
{
	struct sip_ua *ua = leg->ua;
	struct sip_leg **pp;

	for (pp = &ua->legs; *pp; pp = &(*pp)->next) {
		if (*pp == leg) {
			*pp = leg->next;
			break;
		}
	}
	timer_cancel(ua->loop, &leg->t_retx);
	timer_cancel(ua->loop, &leg->t_nict);
	timer_cancel(ua->loop, &leg->t_nict_f);
	timer_cancel(ua->loop, &leg->t_end);
	timer_cancel(ua->loop, &leg->t_se);
	free(leg->invite_msg);
	free(leg->sdp);
	free(leg->extra_hdrs);
	free(leg->req);
	free(leg->resp);
	free(leg->ack);
	free(leg->nict_msg);
	prack_free(leg);
	free(leg);
}

static void leg_linger_h(void *arg)
{
	leg_free(arg);
}

/*
 * The dialog is over: stop retransmitting, keep the leg ms longer to
 * absorb retransmissions (timer D, I, J or K), then free it.
 */
void leg_linger(struct sip_leg *leg, uint64_t ms)
{
	struct sip_ua *ua = leg->ua;

	leg->user = NULL;
	leg->state = LEG_DONE;
	timer_cancel(ua->loop, &leg->t_retx);
	timer_cancel(ua->loop, &leg->t_nict);
	timer_cancel(ua->loop, &leg->t_nict_f);
	timer_cancel(ua->loop, &leg->t_se);
	timer_start(ua->loop, &leg->t_end, ms, leg_linger_h, leg);
}

void leg_finish(struct sip_leg *leg)
{
	/* long enough for any transaction of the dialog (64*T1, timer J) */
	leg_linger(leg, 64ull * leg->ua->t1);
}

/* --- route set and next hop (RFC 3261 12.1, 12.2.1.1, 16.12) --------------- */

static bool uri_addr(const struct pl *uri_pl, struct sockaddr_storage *ss)
{
	struct sip_uri u;
	char host[INET6_ADDRSTRLEN];
	uint16_t port;

	if (sip_uri_parse(&u, *uri_pl) || u.scheme == SIP_URI_TEL)
		return false;
	if (u.host_type != SIP_HOST_IPV4 && u.host_type != SIP_HOST_IPV6)
		return false;
	if (pl_strcpy(&u.host, host, sizeof(host)))
		return false;
	port = u.port ? u.port : (u.scheme == SIP_URI_SIPS ? 5061 : 5060);
	memset(ss, 0, sizeof(*ss));
	if (u.host_type == SIP_HOST_IPV4) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return inet_pton(AF_INET, host, &s4->sin_addr) == 1;
	}
	{
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		return inet_pton(AF_INET6, host, &s6->sin6_addr) == 1;
	}
}

void leg_update_hop(struct sip_leg *leg)
{
	struct sip_addr a;
	struct pl first;
	const char *v;

	leg->hop = leg->peer;
	if (leg->route_set[0]) {
		/* "Route: <uri>;params\r\n...": the first value's URI */
		v = leg->route_set + strlen("Route: ");
		first = pl_make(v, (size_t)(strstr(v, "\r\n") - v));
		if (!sip_addr_parse(&a, first))
			uri_addr(&a.uri, &leg->hop);
		return;
	}
	first = pl_make(leg->remote_target, strlen(leg->remote_target));
	uri_addr(&first, &leg->hop);
}

void leg_set_route(struct sip_leg *leg, const struct sip_msg *m, bool reverse)
{
	unsigned n = sip_msg_hdr_count(m, SIP_HDR_RECORD_ROUTE), i;
	struct sip_buf b;

	sip_buf_init(&b, leg->route_set, sizeof(leg->route_set));
	for (i = 0; i < n; i++) {
		const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_RECORD_ROUTE, reverse ? n - 1 - i : i);

		sip_buf_hdr_pl(&b, "Route", &h->val);
	}
	if (b.err) {
		log_notice("SIP %s: route set too long, ignored", leg->call_id);
		leg->route_set[0] = '\0';
	}
	leg_update_hop(leg);
}

void leg_event(struct sip_leg *leg, enum sip_leg_ev ev, int status, int cause,
	       const struct pl *sdp)
{
	struct sip_leg_ev_info info = {.status = status, .q850_cause = cause};

	if (sdp)
		info.sdp = *sdp;
	if (leg->ev_msg) {
		const struct sip_hdr *h = sip_msg_hdr(leg->ev_msg, SIP_HDR_P_ASSERTED_IDENTITY, 0);

		if (h)
			info.pai = h->val;
		h = sip_msg_hdr(leg->ev_msg, SIP_HDR_PRIVACY, 0);
		if (h)
			info.privacy = h->val;
	}
	if (leg->user)
		leg->ua->h->leg_h(leg, ev, &info, leg->ua->arg);
}

void sip_leg_set_user(struct sip_leg *leg, void *user)
{
	leg->user = user;
}

void *sip_leg_user(const struct sip_leg *leg)
{
	return leg->user;
}

const char *sip_leg_call_id(const struct sip_leg *leg)
{
	return leg->call_id;
}

/* --- building requests ----------------------------------------------------- */


const char *leg_contact(const struct sip_leg *leg)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "<sip:prigate@%s%s>", HP(leg),
		 leg->tp == SIP_TP_TCP ? ";transport=tcp"
				       : leg->tp == SIP_TP_TLS ? ";transport=tls" : "");
	return buf;
}

static char *msg_printf(size_t *lenp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *msg_printf(size_t *lenp, const char *fmt, ...)
{
	char *buf = malloc(SIP_MAX_MSG);
	va_list ap;
	int n;

	if (!buf)
		return NULL;
	va_start(ap, fmt);
	n = vsnprintf(buf, SIP_MAX_MSG, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= SIP_MAX_MSG) {
		free(buf);
		return NULL;
	}
	*lenp = (size_t)n;
	return buf;
}

static void reason_hdr(char *buf, size_t size, int cause)
{
	if (cause > 0)
		snprintf(buf, size, "Reason: Q.850;cause=%d;text=\"%s\"\r\n", cause,
			 cause_text(cause));
	else
		buf[0] = '\0';
}

/*
 * An in-dialog request (BYE, ACK for a 2xx) with the route set (12.2.1.1),
 * or a CANCEL, which copies the INVITE's Request-URI, branch and To and has
 * no route set of its own (9.1): our INVITEs carry no Route.
 */
char *leg_request(struct sip_leg *leg, const char *method, const char *branch, uint32_t cseq,
		  const char *extra, size_t *lenp)
{
	struct sip_ua *ua = leg->ua;
	bool cancel = !strcmp(method, "CANCEL");

	/* in both roles our side is local_uri/local_tag, the peer's remote_* */
	return msg_printf(lenp,
			  "%s %s SIP/2.0\r\n"
			  "Via: SIP/2.0/%s %s;branch=%s;rport\r\n"
			  "%s"
			  "Max-Forwards: 70\r\n"
			  "From: %s;tag=%s\r\n"
			  "To: %s%s%s\r\n"
			  "Call-ID: %s\r\n"
			  "CSeq: %u %s\r\n"
			  "%s"
			  "User-Agent: %s\r\n"
			  "Content-Length: 0\r\n\r\n",
			  method, cancel ? leg->ruri : leg->remote_target, TP(leg), HP(leg), branch,
			  cancel ? "" : leg->route_set, leg->local_uri,
			  leg->local_tag, leg->remote_uri,
			  leg->remote_tag[0] && !cancel ? ";tag=" : "", cancel ? "" : leg->remote_tag,
			  leg->call_id,
			  cseq, method, extra, ua->conf.user_agent);
}

/* --- non-INVITE client transaction (CANCEL, BYE, UPDATE): timers E and F ---- */

static void ict_timeout_h(void *arg);

/*
 * In-dialog requests go to the next hop (route set or remote target); over
 * a stream transport the connection the dialog was made on is reused while
 * it is up (RFC 3261 18.1.1, RFC 5923 spirit).
 */
const struct sockaddr_storage *leg_req_dst(struct sip_leg *leg)
{
	if (RELIABLE(leg) && conn_exists(leg->ua, leg->tp, &leg->peer))
		return &leg->peer;
	return &leg->hop;
}

/* CANCEL goes where the INVITE went (9.1); in-dialog requests to the next hop */
static const struct sockaddr_storage *leg_nict_dst(struct sip_leg *leg)
{
	return leg->nict_msg && !strncmp(leg->nict_msg, "CANCEL", 6) ? &leg->peer
								      : leg_req_dst(leg);
}

static bool nict_is(const struct sip_leg *leg, const char *method)
{
	size_t n = strlen(method);

	return leg->nict_msg && !strncmp(leg->nict_msg, method, n) && leg->nict_msg[n] == ' ';
}

/* timer E: retransmit, doubling up to T2 (17.1.2.2) */
static void nict_retx_h(void *arg)
{
	struct sip_leg *leg = arg;
	struct sip_ua *ua = leg->ua;

	ua_send(ua, leg->tp, leg_nict_dst(leg), leg->nict_msg, leg->nict_len);
	leg->nict_interval = leg->nict_interval * 2 < ua->t2 ? leg->nict_interval * 2 : ua->t2;
	timer_start(ua->loop, &leg->t_nict, leg->nict_interval, nict_retx_h, leg);
}

/* timer F: no final response in 64*T1 */
static void nict_timeout_h(void *arg)
{
	struct sip_leg *leg = arg;
	bool cancel = leg->nict_msg && !strncmp(leg->nict_msg, "CANCEL", 6);

	if (nict_is(leg, "UPDATE")) {
		timer_cancel(leg->ua->loop, &leg->t_nict);
		leg_se_update_response(leg, NULL);
		return;
	}
	log_notice("SIP %s: no answer to %s", leg->call_id, cancel ? "CANCEL" : "BYE");
	if (cancel) {
		/* the INVITE transaction's own timeout (t_end) ends the leg */
		timer_cancel(leg->ua->loop, &leg->t_nict);
		return;
	}
	/* the peer is gone; nothing more to do for this leg */
	leg_linger(leg, 0);
}

int leg_nict_start(struct sip_leg *leg, const char *method, int cause, const char *extra)
{
	struct sip_ua *ua = leg->ua;
	bool cancel = !strcmp(method, "CANCEL");
	char reason[256];

	reason_hdr(reason, sizeof(reason), cause);
	if (extra && strlen(reason) + strlen(extra) < sizeof(reason))
		strcat(reason, extra);
	if (cancel)
		snprintf(leg->nict_branch, sizeof(leg->nict_branch), "%s", leg->invite_branch);
	else
		sip_gen_branch(leg->nict_branch, sizeof(leg->nict_branch));
	free(leg->nict_msg);
	leg->nict_msg = leg_request(leg, method, leg->nict_branch,
				    cancel ? leg->invite_cseq : ++leg->local_cseq, reason,
				    &leg->nict_len);
	if (!leg->nict_msg)
		return -ENOMEM;
	ua_send(ua, leg->tp, leg_nict_dst(leg), leg->nict_msg, leg->nict_len);
	leg->nict_interval = ua->t1;
	if (!RELIABLE(leg)) /* timer E */
		timer_start(ua->loop, &leg->t_nict, leg->nict_interval, nict_retx_h, leg);
	timer_start(ua->loop, &leg->t_nict_f, 64ull * ua->t1, nict_timeout_h, leg);
	if (cancel) {
		/* no final response 64*T1 after the CANCEL: give the INVITE up (9.1) */
		timer_start(ua->loop, &leg->t_end, 64ull * ua->t1, ict_timeout_h, leg);
	}
	return 0;
}

static int nict_start(struct sip_leg *leg, const char *method, int cause)
{
	return leg_nict_start(leg, method, cause, NULL);
}

/* a final response to our CANCEL, BYE or UPDATE */
void leg_nict_response(struct sip_leg *leg, const struct sip_msg *m)
{
	timer_cancel(leg->ua->loop, &leg->t_nict);
	timer_cancel(leg->ua->loop, &leg->t_nict_f);
	if (nict_is(leg, "UPDATE")) {
		leg_se_update_response(leg, m);
		return;
	}
	/* timer K: T4 for retransmitted responses to the BYE (17.1.2.2) */
	if (!strncmp(leg->nict_msg ? leg->nict_msg : "", "BYE", 3))
		leg_linger(leg, RELIABLE(leg) ? 0 : leg->ua->t4);
	/* after a CANCEL the INVITE's 487 ends the leg */
}

/* --- INVITE client transaction: timers A and B ----------------------------- */

static void ict_retx_h(void *arg)
{
	struct sip_leg *leg = arg;
	struct sip_ua *ua = leg->ua;

	if (leg->state != LEG_CALLING)
		return;
	ua_send(ua, leg->tp, &leg->peer, leg->invite_msg, leg->invite_len);
	leg->retx_interval *= 2;
	timer_start(ua->loop, &leg->t_retx, leg->retx_interval, ict_retx_h, leg);
}

static void ict_timeout_h(void *arg)
{
	struct sip_leg *leg = arg;

	/* timer B (no response at all), C, or no final response after a CANCEL */
	log_notice("SIP %s: INVITE timed out", leg->call_id);
	leg_event(leg, SIP_LEG_FAILED, 408, 0, NULL);
	leg_linger(leg, 0);
}

/* build and send the INVITE (again, with credentials: auth is a header line or "") */
static int ict_send(struct sip_leg *leg, const char *auth)
{
	struct sip_ua *ua = leg->ua;
	char se[64];

	leg_se_invite_hdrs(leg, se, sizeof(se));
	free(leg->invite_msg);
	leg->invite_msg = msg_printf(&leg->invite_len,
				     "INVITE %s SIP/2.0\r\n"
				     "Via: SIP/2.0/%s %s;branch=%s;rport\r\n"
				     "Max-Forwards: 70\r\n"
				     "From: %s;tag=%s\r\n"
				     "To: %s\r\n"
				     "Call-ID: %s\r\n"
				     "CSeq: %u INVITE\r\n"
				     "Contact: %s\r\n"
				     "%s"
				     "Allow: " SIP_ALLOW "\r\n"
				     "Supported: %stimer\r\n"
				     "%s"
				     "User-Agent: %s\r\n"
				     "%s"
				     "Content-Type: application/sdp\r\n"
				     "Content-Length: %zu\r\n\r\n%s",
				     leg->ruri, TP(leg), HP(leg), leg->invite_branch,
				     leg->local_uri, leg->local_tag, leg->remote_uri, leg->call_id,
				     leg->invite_cseq, leg_contact(leg), auth,
				     ua->conf.no_100rel ? "" : "100rel, ", se, ua->conf.user_agent,
				     leg->extra_hdrs ? leg->extra_hdrs : "", strlen(leg->sdp), leg->sdp);
	if (!leg->invite_msg)
		return -ENOMEM;
	ua_send(ua, leg->tp, &leg->peer, leg->invite_msg, leg->invite_len);
	leg->state = LEG_CALLING;
	leg->retx_interval = ua->t1;
	if (!RELIABLE(leg)) /* timer A: unreliable transports only */
		timer_start(ua->loop, &leg->t_retx, ua->t1, ict_retx_h, leg);
	timer_start(ua->loop, &leg->t_end, 64ull * ua->t1, ict_timeout_h, leg);
	return 0;
}

int sip_leg_invite(struct sip_leg **legp, struct sip_ua *ua, const struct sockaddr_storage *dest,
		   const char *to_user, const char *from_user, const char *sdp, void *user)
{
	return sip_leg_invite_hdrs(legp, ua, dest, to_user, from_user, NULL, sdp, user);
}

int sip_leg_invite_hdrs(struct sip_leg **legp, struct sip_ua *ua,
			const struct sockaddr_storage *dest, const char *to_user,
			const char *from_user, const char *extra_hdrs, const char *sdp,
			void *user)
{
	return sip_leg_invite_from(legp, ua, dest, to_user, NULL, from_user, extra_hdrs, sdp, user);
}

int sip_leg_invite_from(struct sip_leg **legp, struct sip_ua *ua,
			const struct sockaddr_storage *dest, const char *to_user,
			const char *from_display, const char *from_user, const char *extra_hdrs,
			const char *sdp, void *user)
{
	struct sip_leg *leg;
	char host[80], dname[132] = "";
	int n;

	leg = leg_new(ua, LEG_UAC);
	if (!leg)
		return -ENOMEM;
	leg->user = user;
	leg->peer = *dest;
	leg->hop = *dest;
	leg->tp = ua_peer_transport(ua, dest);
	leg->trunk = ua_trunk_by_addr(ua, dest);
	leg->sdp = strdup(sdp);
	leg->extra_hdrs = extra_hdrs && *extra_hdrs ? strdup(extra_hdrs) : NULL;
	if (!leg->sdp || (extra_hdrs && *extra_hdrs && !leg->extra_hdrs)) {
		leg_free(leg);
		return -ENOMEM;
	}
	ua_addr_str(dest, host, sizeof(host));
	sip_gen_callid(leg->call_id, sizeof(leg->call_id), HP(leg));
	sip_gen_branch(leg->invite_branch, sizeof(leg->invite_branch));
	snprintf(leg->remote_target, sizeof(leg->remote_target), "sip:%s@%s", to_user, host);
	snprintf(leg->ruri, sizeof(leg->ruri), "%s", leg->remote_target);
	snprintf(leg->remote_uri, sizeof(leg->remote_uri), "<sip:%s@%s>", to_user, host);
	if (from_display && *from_display &&
	    !sip_qstr_escape(from_display, dname, sizeof(dname) - 1))
		strcat(dname, " ");
	n = snprintf(leg->local_uri, sizeof(leg->local_uri), "%s<sip:%s@%s>", dname,
		     from_user ? from_user : "", HP(leg));
	if (n > 0 && (size_t)n >= sizeof(leg->local_uri)) /* no room for the name */
		snprintf(leg->local_uri, sizeof(leg->local_uri), "<sip:%s@%s>",
			 from_user ? from_user : "", HP(leg));
	if (!from_user || !*from_user)
		snprintf(leg->local_uri, sizeof(leg->local_uri),
			 "\"Anonymous\" <sip:anonymous@anonymous.invalid>");
	leg->invite_cseq = leg->local_cseq;
	leg->se_req = ua->conf.session_expires;
	if (ict_send(leg, "")) {
		leg_free(leg);
		return -ENOMEM;
	}
	*legp = leg;
	return 0;
}

/*
 * 401/407 to our INVITE from a trunk we hold credentials for: the same
 * INVITE again with them, a new CSeq and branch (RFC 3261 22.2). Once per
 * nonce, unless the server says the nonce was stale.
 */
static bool ict_authenticate(struct sip_leg *leg, const struct sip_msg *m)
{
	struct sip_trunk *t = leg->trunk;
	struct sip_digest_chal ch;
	struct sip_cred cred;
	struct sip_buf b;
	char auth[1024], cnonce[SIP_TAG_SIZE];
	bool proxy, ok;

	if (!t || !t->c.username[0] || !t->c.password[0] || !leg->user || leg->cancel_pending)
		return false;
	memset(&cred, 0, sizeof(cred));
	snprintf(cred.realm, sizeof(cred.realm), "%s", t->c.realm);
	if (sip_digest_pick(&ch, &proxy, m, &cred) || (leg->auth_sent && !ch.stale))
		return false;
	snprintf(cred.username, sizeof(cred.username), "%s", t->c.username);
	snprintf(cred.password, sizeof(cred.password), "%s", t->c.password);
	ua_cnonce(cnonce, sizeof(cnonce));
	sip_buf_init(&b, auth, sizeof(auth));
	ok = !sip_digest_header(&b, proxy, &ch, &cred, "INVITE", leg->ruri, 1, cnonce);
	memset(&cred, 0, sizeof(cred));
	if (!ok)
		return false;
	leg->auth_sent = true;
	leg->remote_tag[0] = '\0';
	snprintf(leg->remote_target, sizeof(leg->remote_target), "%s", leg->ruri);
	leg->invite_cseq = ++leg->local_cseq;
	sip_gen_branch(leg->invite_branch, sizeof(leg->invite_branch));
	ok = !ict_send(leg, auth);
	memset(auth, 0, sizeof(auth));
	log_info("SIP %s: INVITE challenged (%u), sent again with credentials", leg->call_id,
		 m->status);
	return ok;
}

/* ACK for a non-2xx final response: same branch, same Request-URI (17.1.1.3) */
static void ict_ack_failure(struct sip_leg *leg)
{
	struct sip_ua *ua = leg->ua;
	char *ack;
	size_t len;

	ack = msg_printf(&len,
			 "ACK %s SIP/2.0\r\n"
			 "Via: SIP/2.0/%s %s;branch=%s;rport\r\n"
			 "Max-Forwards: 70\r\n"
			 "From: %s;tag=%s\r\n"
			 "To: %s%s%s\r\n"
			 "Call-ID: %s\r\n"
			 "CSeq: %u ACK\r\n"
			 "Content-Length: 0\r\n\r\n",
			 leg->ruri, TP(leg), HP(leg), leg->invite_branch, leg->local_uri,
			 leg->local_tag, leg->remote_uri, leg->remote_tag[0] ? ";tag=" : "",
			 leg->remote_tag, leg->call_id, leg->invite_cseq);
	if (ack)
		ua_send(ua, leg->tp, &leg->peer, ack, len);
	free(ack);
}

/* ACK for a 2xx: a new transaction to the next hop, with the route set (13.2.2.4) */
static void ict_ack_2xx(struct sip_leg *leg)
{
	struct sip_ua *ua = leg->ua;
	char branch[80];

	if (!leg->ack) {
		sip_gen_branch(branch, sizeof(branch));
		leg->ack = msg_printf(&leg->ack_len,
				      "ACK %s SIP/2.0\r\n"
				      "Via: SIP/2.0/%s %s;branch=%s;rport\r\n"
				      "%s"
				      "Max-Forwards: 70\r\n"
				      "From: %s;tag=%s\r\n"
				      "To: %s;tag=%s\r\n"
				      "Call-ID: %s\r\n"
				      "CSeq: %u ACK\r\n"
				      "Content-Length: 0\r\n\r\n",
				      leg->remote_target, TP(leg), HP(leg), branch, leg->route_set,
				      leg->local_uri, leg->local_tag, leg->remote_uri, leg->remote_tag,
				      leg->call_id, leg->invite_cseq);
	}
	if (leg->ack)
		ua_send(ua, leg->tp, leg_req_dst(leg), leg->ack, leg->ack_len);
}

/*
 * A response to our INVITE: its To tag, Contact (the remote target) and
 * Record-Route (the route set, 12.1.2) shape the dialog; sdp is the body
 * if it is SDP.
 */
void leg_invite_response(struct sip_leg *leg, const struct sip_msg *m, int cause,
			 const struct pl *sdp)
{
	struct sip_ua *ua = leg->ua;
	const struct pl *remote_tag = &m->to.tag, *contact = &m->contact.uri;
	int status = m->status;

	if (remote_tag->l && remote_tag->l < sizeof(leg->remote_tag) &&
	    (status >= 200 || !leg->remote_tag[0]) && leg->state != LEG_CONFIRMED &&
	    leg->state != LEG_DONE)
		pl_strcpy(remote_tag, leg->remote_tag, sizeof(leg->remote_tag));
	if (contact->l && contact->l < sizeof(leg->remote_target) && status < 300 &&
	    leg->state != LEG_CONFIRMED && leg->state != LEG_DONE)
		pl_strcpy(contact, leg->remote_target, sizeof(leg->remote_target));

	if (status < 200) {
		if (leg->state != LEG_CALLING)
			goto provisional;
		leg->state = LEG_PROCEEDING;
		timer_cancel(ua->loop, &leg->t_retx);
		/* timer C territory: wait up to 3 minutes for a final response */
		timer_start(ua->loop, &leg->t_end, 180000, ict_timeout_h, leg);
		if (leg->cancel_pending) {
			nict_start(leg, "CANCEL", leg->hangup_cause);
			return;
		}
provisional:
		if (status > 100 && prack_provisional(leg, m))
			leg_event(leg, SIP_LEG_PROGRESS, status, 0, sdp);
		return;
	}
	if (status < 300) {
		bool first = leg->state != LEG_CONFIRMED && leg->state != LEG_DONE &&
			     leg->state != LEG_TERMINATING;

		if (first)
			leg_set_route(leg, m, true);
		ict_ack_2xx(leg);
		if (!first)
			return; /* a retransmitted 2xx: the ACK above was all it needed */
		timer_cancel(ua->loop, &leg->t_retx);
		timer_cancel(ua->loop, &leg->t_end);
		leg->state = LEG_CONFIRMED;
		if (leg->cancel_pending || !leg->user) {
			/* answered after we gave up: hang up at once (15.1.1) */
			leg->state = LEG_TERMINATING;
			nict_start(leg, "BYE", leg->hangup_cause);
			return;
		}
		leg_se_response(leg, m);
		leg->ev_msg = m;
		leg_event(leg, SIP_LEG_ANSWERED, status, 0, sdp);
		leg->ev_msg = NULL;
		return;
	}
	ict_ack_failure(leg);
	if (leg->state == LEG_DONE)
		return;
	if ((status == 401 || status == 407) && leg->state != LEG_CONFIRMED && ict_authenticate(leg, m))
		return;
	if (status == 422 && leg->state != LEG_CONFIRMED && leg->user && !leg->cancel_pending &&
	    leg_se_too_small(leg, m)) {
		/* RFC 4028 7.4: again with the peer's Min-SE, a new CSeq and branch */
		leg->remote_tag[0] = '\0';
		snprintf(leg->remote_target, sizeof(leg->remote_target), "%s", leg->ruri);
		leg->invite_cseq = ++leg->local_cseq;
		sip_gen_branch(leg->invite_branch, sizeof(leg->invite_branch));
		if (!ict_send(leg, ""))
			return;
	}
	timer_cancel(ua->loop, &leg->t_retx);
	timer_cancel(ua->loop, &leg->t_nict);
	timer_cancel(ua->loop, &leg->t_nict_f);
	leg_event(leg, SIP_LEG_FAILED, status, cause, NULL);
	/* timer D: absorb retransmissions of the final response, ACKing each */
	leg_linger(leg, RELIABLE(leg)		    ? 0
			: TIMER_D_MS > 64ull * ua->t1 ? TIMER_D_MS
						      : 64ull * ua->t1);
}

/* --- INVITE server transaction: responses, timers G, H and I ---------------- */

/* timer G: retransmit the final response, doubling up to T2 (17.2.1, 13.3.1.4) */
static void ist_retx_h(void *arg)
{
	struct sip_leg *leg = arg;
	struct sip_ua *ua = leg->ua;

	ua_send(ua, leg->tp, &leg->resp_dst, leg->resp, leg->resp_len);
	leg->retx_interval = leg->retx_interval * 2 < ua->t2 ? leg->retx_interval * 2 : ua->t2;
	timer_start(ua->loop, &leg->t_retx, leg->retx_interval, ist_retx_h, leg);
}

/* timer H: no ACK in 64*T1 */
static void ist_timeout_h(void *arg)
{
	struct sip_leg *leg = arg;

	log_notice("SIP %s: no ACK for %d", leg->call_id, leg->resp_status);
	timer_cancel(leg->ua->loop, &leg->t_retx);
	leg->deadline = 0;
	if (leg->srv_reinvite && leg->resp_status >= 300)
		return; /* a refused re-INVITE: the dialog goes on as it was */
	if (leg->resp_status < 300) {
		/* 13.3.1.4: no ACK for a 2xx ends the dialog with a BYE */
		leg_event(leg, SIP_LEG_TIMEOUT, 0, 0, NULL);
		leg->state = LEG_TERMINATING;
		leg->user = NULL;
		nict_start(leg, "BYE", 102 /* Q.850 recovery on timer expiry */);
	} else {
		leg_linger(leg, 0);
	}
}

/* record and send a response to the INVITE; finals are retransmitted until ACK */
int leg_store_response(struct sip_leg *leg, int status, char *resp, size_t len)
{
	struct sip_ua *ua = leg->ua;

	free(leg->resp);
	leg->resp = resp;
	leg->resp_len = len;
	leg->resp_status = status;
	ua_send(ua, leg->tp, &leg->resp_dst, resp, len);
	if (status < 200) {
		if (status > 100 && !leg->srv_reinvite)
			leg->state = LEG_PROCEEDING;
		return 0;
	}
	if (!leg->srv_reinvite)
		leg->state = status < 300 ? LEG_CONFIRMED : LEG_TERMINATING;
	if (status < 300)
		leg_se_refreshed(leg);
	leg->retx_interval = ua->t1;
	leg->deadline = 1; /* waiting for the ACK */
	/* timer G: non-2xx over unreliable transports; a 2xx always (13.3.1.4) */
	if (status < 300 || !RELIABLE(leg))
		timer_start(ua->loop, &leg->t_retx, ua->t1, ist_retx_h, leg);
	timer_start(ua->loop, &leg->t_end, 64ull * ua->t1, ist_timeout_h, leg);
	return 0;
}

/* ACK for our final response */
void leg_ack_received(struct sip_leg *leg)
{
	struct sip_ua *ua = leg->ua;
	bool waiting = leg->deadline != 0;

	if (leg->resp_status < 200)
		return;
	timer_cancel(ua->loop, &leg->t_retx);
	if (waiting)
		timer_cancel(ua->loop, &leg->t_end);
	leg->deadline = 0;
	if (leg->srv_reinvite)
		return;
	if (leg->resp_status >= 300) {
		/* timer I: absorb ACK retransmissions for T4 (17.2.1) */
		if (waiting)
			leg_linger(leg, RELIABLE(leg) ? 0 : ua->t4);
		return;
	}
	if (leg->state == LEG_CONFIRMED && waiting)
		leg_event(leg, SIP_LEG_ACKED, 0, 0, NULL);
}

void sip_leg_hangup(struct sip_leg *leg, int q850_cause, int status)
{
	leg->user = NULL;
	leg->hangup_cause = q850_cause;
	if (leg->state == LEG_DONE || leg->state == LEG_TERMINATING)
		return;
	if (leg->role == LEG_UAS && leg->state != LEG_CONFIRMED) {
		sip_leg_respond(leg, status >= 300 ? status : 480, NULL, q850_cause);
		return;
	}
	if (leg->state == LEG_CONFIRMED) {
		/* a 2xx still unacknowledged keeps its timer H; BYE needs no wait */
		timer_cancel(leg->ua->loop, &leg->t_retx);
		if (leg->deadline)
			timer_cancel(leg->ua->loop, &leg->t_end);
		leg->deadline = 0;
		leg->state = LEG_TERMINATING;
		nict_start(leg, "BYE", q850_cause);
		return;
	}
	switch (leg->state) {
	case LEG_CALLING:
		/* CANCEL may only follow a provisional response (9.1) */
		leg->cancel_pending = true;
		timer_cancel(leg->ua->loop, &leg->t_retx);
		timer_start(leg->ua->loop, &leg->t_end, 64ull * leg->ua->t1, ict_timeout_h, leg);
		break;
	case LEG_PROCEEDING:
		leg->cancel_pending = true;
		nict_start(leg, "CANCEL", q850_cause);
		break;
	default:
		break;
	}
}
