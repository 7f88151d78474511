// SPDX-License-Identifier: GPL-2.0-only
/*
 * Incoming SIP: parse, then route each message to its transaction or
 * dialog (RFC 3261 17.1.3, 17.2.3, 12.2.2), answer what no dialog owns,
 * offers inside a dialog (re-INVITE, RFC 3311 UPDATE), overload (503),
 * and build responses to requests (8.2.6).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "call/cause.h"
#include "log.h"
#include "sip_build.h"
#include "sip_msg.h"
#include "sip_ua_priv.h"

#define ALLOW SIP_ALLOW

/* Methods we know and do not do (405); anything else unknown is 501 */
static const char *const known_methods[] = {"REGISTER", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE",
					    "PUBLISH",  "PRACK"};

static bool pl_is(const struct pl *pl, const char *s)
{
	return pl_eq_str(pl, s);
}

/*
 * A response to request m (8.2.6.2) from the SIP layer's builder, with the
 * top Via's received/rport filled in for src (RFC 3581), a Server header,
 * extra headers (each ending in CRLF) and an optional SDP body. Returns a
 * malloc'd message or NULL.
 */
char *ua_response(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		  int status, const char *reason, const char *to_tag, const char *extra,
		  const char *sdp, size_t *lenp)
{
	char *buf = malloc(SIP_MAX_MSG), ip[INET6_ADDRSTRLEN] = "", hdrs[1024];
	struct sip_resp r = {.status = status, .reason = reason, .to_tag = to_tag};
	struct sip_buf b;

	if (!buf)
		return NULL;
	if (src->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)src)->sin6_addr, ip, sizeof(ip));
		r.src_port = ntohs(((const struct sockaddr_in6 *)src)->sin6_port);
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)src)->sin_addr, ip, sizeof(ip));
		r.src_port = ntohs(((const struct sockaddr_in *)src)->sin_port);
	}
	r.src_ip = ip;
	snprintf(hdrs, sizeof(hdrs), "Server: %s\r\n%s", ua->conf.user_agent, extra ? extra : "");
	r.extra_hdrs = hdrs;
	if (sdp) {
		r.ctype = "application/sdp";
		r.body = pl_make(sdp, strlen(sdp));
	}
	sip_buf_init(&b, buf, SIP_MAX_MSG);
	if (sip_build_resp(&b, m, &r) || b.err) {
		free(buf);
		return NULL;
	}
	*lenp = b.len;
	return buf;
}

/* the key of a non-INVITE server transaction (17.2.3) */
static void tsx_key(char *key, size_t size, const struct sip_msg *m)
{
	snprintf(key, size, "%.*s %.*s %.*s", (int)m->via.branch.l, m->via.branch.p,
		 (int)m->method.l, m->method.p, (int)m->call_id.l, m->call_id.p);
}

/*
 * An answer outside the INVITE transactions, remembered for retransmissions
 * of non-INVITE requests (timer J); sdp may be NULL.
 */
static void respond_body(struct sip_ua *ua, const struct sip_msg *m,
			 const struct sockaddr_storage *src, int status, const char *reason,
			 const char *extra, const char *sdp)
{
	char key[200], tag[40];
	size_t len;
	char *resp;

	snprintf(tag, sizeof(tag), "pgs%08x", (unsigned)(m->call_id.l * 2654435761u));
	resp = ua_response(ua, m, src, status, reason, tag, extra, sdp, &len);
	if (!resp)
		return;
	ua_send(ua, ua->rx_tp, src, resp, len);
	if (pl_eq_str(&m->method, "INVITE") || pl_eq_str(&m->method, "ACK")) {
		free(resp);
		return;
	}
	tsx_key(key, sizeof(key), m);
	tsx_cache_put(ua, ua->rx_tp, key, resp, len, src);
	free(resp);
}

static void respond(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		    int status, const char *reason, const char *extra)
{
	respond_body(ua, m, src, status, reason, extra, NULL);
}

void ua_respond(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		int status, const char *extra)
{
	respond_body(ua, m, src, status, NULL, extra, NULL);
}

static bool tag_is(const struct pl *tag, const char *s)
{
	return s[0] ? pl_eq_str(tag, s) : !tag->l;
}

/*
 * The leg of a message: by Call-ID and the peer's tag (From of a request,
 * 12.2.2) and, for a request with a To tag, our tag too.
 */
static struct sip_leg *leg_find(struct sip_ua *ua, const struct sip_msg *m, bool request)
{
	struct sip_leg *l;

	for (l = ua->legs; l; l = l->next) {
		if (!pl_eq_str(&m->call_id, l->call_id))
			continue;
		/* from a request, the peer's tag is in From; from a response, in To */
		if (request && tag_is(&m->from.tag, l->remote_tag) &&
		    (!pl_isset(&m->to.tag) || !m->to.tag.l || pl_eq_str(&m->to.tag, l->local_tag)))
			return l;
		if (!request && tag_is(&m->from.tag, l->local_tag))
			return l;
	}
	return NULL;
}

static void addr_copy(char *dst, size_t size, const struct sip_addr *a)
{
	snprintf(dst, size, "<%.*s>", (int)a->uri.l, a->uri.p);
}

/* a target refresh request's Contact becomes the remote target (12.2.2) */
static void target_refresh(struct sip_leg *leg, const struct sip_msg *m)
{
	if (pl_isset(&m->contact.uri) && m->contact.uri.l < sizeof(leg->remote_target)) {
		pl_strcpy(&m->contact.uri, leg->remote_target, sizeof(leg->remote_target));
		leg_update_hop(leg);
	}
}

/*
 * An offer inside a dialog, given to the call layer. 0 with the answer in
 * buf, or the status to refuse it with.
 */
static int dialog_offer(struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
			char *buf, size_t size)
{
	struct pl sdp = PL_INIT;

	if (m->body.l && !sip_msg_ctype_is(m, "application/sdp"))
		return 415;
	if (m->body.l)
		sdp = m->body;
	if (!ua->h->offer_h || !leg->user)
		return 488;
	buf[0] = '\0';
	return ua->h->offer_h(leg, &sdp, buf, size, ua->arg);
}

/* --- requests ----------------------------------------------------------------- */



/* a re-INVITE: a new server transaction in an established dialog (14.2) */
static void rx_reinvite(struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
			const char *buf, size_t len, const struct sockaddr_storage *src)
{
	char answer[2048], extra[64];
	int status;

	if (leg->state != LEG_CONFIRMED) {
		respond(ua, m, src, leg->state == LEG_DONE || leg->state == LEG_TERMINATING ? 481
											   : 491,
			NULL, NULL);
		return;
	}
	if (leg->srv_branch[0] && leg->resp_status < 200) {
		/* 14.2: an INVITE still being answered */
		respond(ua, m, src, 500, NULL, "Retry-After: 1\r\n");
		return;
	}
	free(leg->req);
	leg->req = malloc(len + 1);
	if (!leg->req) {
		respond(ua, m, src, 500, NULL, NULL);
		return;
	}
	memcpy(leg->req, buf, len);
	leg->req[len] = '\0';
	leg->req_len = len;
	leg->resp_dst = *src;
	leg->srv_reinvite = true;
	leg->srv_cseq = m->cseq.num;
	leg->resp_status = 0;
	timer_cancel(ua->loop, &leg->t_retx);
	pl_strcpy(&m->via.branch, leg->srv_branch, sizeof(leg->srv_branch));
	target_refresh(leg, m);
	status = leg_se_request(leg, m, extra, sizeof(extra));
	if (status) {
		leg_srv_respond(leg, status, NULL, extra);
		return;
	}
	status = dialog_offer(ua, leg, m, answer, sizeof(answer));
	if (status)
		leg_srv_respond(leg, status, NULL,
				status == 488 ? "Warning: 399 prigate \"offer not accepted\"\r\n"
					      : NULL);
	else
		leg_srv_respond(leg, 200, answer[0] ? answer : NULL, NULL);
}

/* overload: more than max_cps new INVITEs in this second (RFC 3261 21.5.4) */
static bool over_cps(struct sip_ua *ua)
{
	uint64_t sec = loop_now_ms(ua->loop) / 1000;

	if (!ua->conf.max_cps)
		return false;
	if (sec != ua->cps_second) {
		ua->cps_second = sec;
		ua->cps_count = 0;
	}
	if (ua->cps_count >= ua->conf.max_cps)
		return true;
	ua->cps_count++;
	return false;
}

static void rx_invite(struct sip_ua *ua, const struct sip_msg *m, const char *buf, size_t len,
		      const struct sockaddr_storage *src)
{
	struct sip_invite_info info = {0};
	struct sip_leg *leg = leg_find(ua, m, true);
	size_t n;
	char *resp;
	int status;

	if (leg && leg->srv_branch[0] && pl_eq_str(&m->via.branch, leg->srv_branch)) {
		ua->st.rx_retrans++;
		if (leg->resp)
			ua_send(ua, leg->tp, &leg->resp_dst, leg->resp, leg->resp_len);
		return;
	}
	if (pl_isset(&m->to.tag) && m->to.tag.l) {
		if (!leg || !tag_is(&m->to.tag, leg->local_tag)) {
			respond(ua, m, src, 481, NULL, NULL);
			return;
		}
		rx_reinvite(ua, leg, m, buf, len, src);
		return;
	}
	if (leg) {
		respond(ua, m, src, 482, "Loop Detected", NULL); /* merged request, 8.2.2.2 */
		return;
	}
	if (m->max_forwards == 0) {
		respond(ua, m, src, 483, NULL, NULL);
		return;
	}
	{
		char unsup[160];

		/* RFC 3261 8.2.2.3: an option we lack in Require gets 420 */
		if (prack_check_invite(ua, NULL, m, unsup, sizeof(unsup))) {
			respond(ua, m, src, 420, NULL, unsup);
			return;
		}
	}
	if (m->uri.scheme == SIP_URI_TEL || !pl_isset(&m->uri.user) ||
	    sip_uri_unescape(&m->uri.user, info.ruri_user, sizeof(info.ruri_user))) {
		respond(ua, m, src, 404, NULL, NULL);
		return;
	}
	if (over_cps(ua)) {
		ua->st.rx_overload++;
		respond(ua, m, src, 503, NULL, "Retry-After: 1\r\n");
		return;
	}
	leg = leg_new(ua, LEG_UAS);
	if (!leg) {
		respond(ua, m, src, 500, NULL, NULL);
		return;
	}
	leg->tp = ua->rx_tp;
	leg->req = malloc(len + 1);
	if (!leg->req) {
		leg_free(leg);
		respond(ua, m, src, 500, NULL, NULL);
		return;
	}
	memcpy(leg->req, buf, len);
	leg->req[len] = '\0';
	leg->req_len = len;
	leg->peer = *src;
	leg->resp_dst = *src;
	leg->srv_cseq = m->cseq.num;
	leg->remote_cseq = m->cseq.num;
	pl_strcpy(&m->call_id, leg->call_id, sizeof(leg->call_id));
	pl_strcpy(&m->via.branch, leg->srv_branch, sizeof(leg->srv_branch));
	pl_strcpy(&m->from.tag, leg->remote_tag, sizeof(leg->remote_tag));
	addr_copy(leg->remote_uri, sizeof(leg->remote_uri), &m->from);
	addr_copy(leg->local_uri, sizeof(leg->local_uri), &m->to);
	if (pl_isset(&m->contact.uri))
		pl_strcpy(&m->contact.uri, leg->remote_target, sizeof(leg->remote_target));
	else
		pl_strcpy(&m->from.uri, leg->remote_target, sizeof(leg->remote_target));
	leg_set_route(leg, m, false);
	leg->state = LEG_CALLING;
	prack_check_invite(ua, leg, m, NULL, 0);
	{
		char min_se[64];

		status = leg_se_request(leg, m, min_se, sizeof(min_se));
		if (status) {
			/* RFC 4028 6: too small an interval, say what we accept */
			leg_srv_respond(leg, status, NULL, min_se);
			return;
		}
	}

	/* 100 Trying at once, so the peer stops retransmitting (17.2.1) */
	resp = ua_response(ua, m, src, 100, NULL, NULL, NULL, NULL, &n);
	if (resp)
		leg_store_response(leg, 100, resp, n);

	{
		struct sip_uri fu;

		if (!sip_uri_parse(&fu, m->from.uri) && pl_isset(&fu.user))
			sip_uri_unescape(&fu.user, info.from_user, sizeof(info.from_user));
	}
	if (pl_isset(&m->from.dname))
		sip_qstr_unescape(&m->from.dname, info.from_display, sizeof(info.from_display));
	info.sdp_is_sdp = sip_msg_ctype_is(m, "application/sdp");
	if (info.sdp_is_sdp)
		info.sdp = m->body;
	info.src = *src;
	info.msg = m;
	status = ua->h->invite_h(leg, &info, ua->arg);
	if (status >= 300)
		sip_leg_respond(leg, status, NULL, 0);
	else if (!leg->user && leg->resp_status < 200)
		sip_leg_respond(leg, 500, NULL, 0);
}

static void rx_cancel(struct sip_ua *ua, const struct sip_msg *m,
		      const struct sockaddr_storage *src)
{
	struct sip_leg *leg = leg_find(ua, m, true);

	/* CANCEL matches the INVITE's server transaction by branch (9.2) */
	if (!leg || !leg->srv_branch[0] || !pl_eq_str(&m->via.branch, leg->srv_branch) ||
	    leg->srv_cseq != m->cseq.num) {
		respond(ua, m, src, 481, NULL, NULL);
		return;
	}
	respond(ua, m, src, 200, NULL, NULL);
	if (leg->resp_status >= 200 || leg->srv_reinvite)
		return; /* too late: the INVITE has its final response */
	sip_leg_respond(leg, 487, NULL, 0);
	leg_event(leg, SIP_LEG_CANCELLED, 0,
		  pl_eqcase_str(&m->reason.protocol, "Q.850") ? (int)m->reason.cause : 0, NULL);
	leg->user = NULL;
}

static void rx_bye(struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
		   const struct sockaddr_storage *src)
{
	respond(ua, m, src, 200, NULL, NULL);
	leg_event(leg, SIP_LEG_BYE, 0,
		  pl_eqcase_str(&m->reason.protocol, "Q.850") ? (int)m->reason.cause : 0, NULL);
	leg->user = NULL;
	if (leg->role == LEG_UAS && leg->resp_status < 200 && !leg->srv_reinvite) {
		/* BYE in an early dialog from the caller: 487 the INVITE (15.1.2) */
		sip_leg_respond(leg, 487, NULL, 0);
		return;
	}
	/* timer J covers retransmitted BYEs through the cache */
	leg_finish(leg);
}

static void rx_ack(struct sip_ua *ua, const struct sip_msg *m)
{
	struct sip_leg *leg = leg_find(ua, m, true);

	/* ACK matches the INVITE by dialog and CSeq number (17.2.3 for 2xx ACKs too) */
	if (leg && leg->srv_branch[0] && leg->srv_cseq == m->cseq.num)
		leg_ack_received(leg);
}

/* RFC 3311 UPDATE: an offer (or nothing, a refresh) inside a dialog */
static void rx_update(struct sip_ua *ua, struct sip_leg *leg, const struct sip_msg *m,
		      const struct sockaddr_storage *src)
{
	char answer[2048], contact[256];
	int status;

	if (leg->state == LEG_DONE || leg->state == LEG_TERMINATING) {
		respond(ua, m, src, 481, NULL, NULL);
		return;
	}
	if (leg->srv_reinvite && leg->resp_status < 200) {
		respond(ua, m, src, 500, NULL, "Retry-After: 1\r\n"); /* RFC 3311 5.2 */
		return;
	}
	target_refresh(leg, m);
	status = leg_se_request(leg, m, answer, sizeof(answer));
	if (status) {
		respond(ua, m, src, status, NULL, answer);
		return;
	}
	snprintf(contact, sizeof(contact), "Contact: %s\r\n%s", leg_contact(leg), leg->se_hdrs);
	if (!m->body.l) {
		respond(ua, m, src, 200, NULL, contact);
		leg_se_refreshed(leg);
		return;
	}
	status = dialog_offer(ua, leg, m, answer, sizeof(answer));
	if (status) {
		respond(ua, m, src, status, NULL, NULL);
		return;
	}
	respond_body(ua, m, src, 200, NULL, contact, answer[0] ? answer : NULL);
	leg_se_refreshed(leg);
}

/* a request with a To tag: it belongs to a dialog, or gets 481 (12.2.2) */
static void rx_in_dialog(struct sip_ua *ua, const struct sip_msg *m,
			 const struct sockaddr_storage *src)
{
	struct sip_leg *leg = leg_find(ua, m, true);

	if (!leg || leg->state == LEG_DONE) {
		respond(ua, m, src, 481, NULL, NULL);
		return;
	}
	/* CSeq must grow within a dialog (12.2.2) */
	if (leg->remote_cseq && m->cseq.num < leg->remote_cseq) {
		respond(ua, m, src, 500, "CSeq Out of Order", NULL);
		return;
	}
	leg->remote_cseq = m->cseq.num;
	if (pl_is(&m->method, "BYE"))
		rx_bye(ua, leg, m, src);
	else if (pl_is(&m->method, "PRACK"))
		prack_rx(ua, leg, m, src);
	else if (pl_is(&m->method, "UPDATE"))
		rx_update(ua, leg, m, src);
	else if (pl_is(&m->method, "OPTIONS"))
		respond(ua, m, src, 200, NULL, "Allow: " ALLOW "\r\nAccept: application/sdp\r\n");
	else if (pl_is(&m->method, "INFO"))
		respond(ua, m, src, 200, NULL, NULL);
	else
		respond(ua, m, src, 405, NULL, "Allow: " ALLOW "\r\n");
}

static void rx_request(struct sip_ua *ua, const struct sip_msg *m, const char *buf, size_t len,
		       const struct sockaddr_storage *src)
{
	char key[200];
	size_t i;

	if (pl_is(&m->method, "ACK")) {
		rx_ack(ua, m);
		return;
	}
	tsx_key(key, sizeof(key), m);
	if (tsx_cache_hit(ua, key)) {
		ua->st.rx_retrans++;
		return;
	}
	if (pl_is(&m->method, "INVITE")) {
		rx_invite(ua, m, buf, len, src);
		return;
	}
	if (pl_is(&m->method, "CANCEL")) {
		rx_cancel(ua, m, src);
		return;
	}
	for (i = 0; i < sizeof(known_methods) / sizeof(known_methods[0]); i++)
		if (pl_is(&m->method, known_methods[i]))
			break;
	if (i == sizeof(known_methods) / sizeof(known_methods[0]) && !pl_is(&m->method, "BYE") &&
	    !pl_is(&m->method, "OPTIONS") && !pl_is(&m->method, "INFO") &&
	    !pl_is(&m->method, "UPDATE") && !pl_is(&m->method, "PRACK")) {
		respond(ua, m, src, 501, NULL, "Allow: " ALLOW "\r\n");
		return;
	}
	if (pl_isset(&m->to.tag) && m->to.tag.l) {
		rx_in_dialog(ua, m, src);
		return;
	}
	if (pl_is(&m->method, "OPTIONS"))
		respond(ua, m, src, 200, NULL, "Allow: " ALLOW "\r\nAccept: application/sdp\r\n");
	else if (pl_is(&m->method, "BYE") || pl_is(&m->method, "INFO") ||
		 pl_is(&m->method, "UPDATE") || pl_is(&m->method, "PRACK"))
		respond(ua, m, src, 481, NULL, NULL); /* these only exist inside a dialog */
	else
		respond(ua, m, src, 405, NULL, "Allow: " ALLOW "\r\n");
}

/* --- responses ---------------------------------------------------------------- */

static void rx_response(struct sip_ua *ua, const struct sip_msg *m)
{
	struct sip_leg *l;
	int cause = pl_eqcase_str(&m->reason.protocol, "Q.850") ? (int)m->reason.cause : 0;
	struct pl sdp = PL_INIT;

	if (trunk_rx_response(ua, m))
		return;
	if (sip_msg_ctype_is(m, "application/sdp"))
		sdp = m->body;
	for (l = ua->legs; l; l = l->next) {
		if (l->role != LEG_UAC && !l->nict_branch[0])
			continue;
		if (pl_is(&m->cseq.method, "INVITE") && l->role == LEG_UAC &&
		    pl_eq_str(&m->via.branch, l->invite_branch)) {
			leg_invite_response(l, m, cause, &sdp);
			return;
		}
		if (l->prack_branch[0] && pl_eq_str(&m->via.branch, l->prack_branch) &&
		    prack_response(l, m))
			return;
		if (l->nict_branch[0] && pl_eq_str(&m->via.branch, l->nict_branch) &&
		    !pl_is(&m->cseq.method, "INVITE")) {
			if (m->status >= 200)
				leg_nict_response(l, m);
			return;
		}
	}
	log_debug("SIP: stray %u response for %.*s dropped", m->status, (int)m->call_id.l,
		  m->call_id.p);
}

void ua_dispatch(struct sip_ua *ua, const char *buf, size_t len,
		 const struct sockaddr_storage *src)
{
	static struct sip_msg m; /* the event loop is the only caller */
	char from[80];
	int err;

	err = sip_msg_parse(&m, buf, len);
	if (err == -ENODATA)
		return; /* CRLF keepalive */
	if (err) {
		ua->st.rx_malformed++;
		ua_addr_str(src, from, sizeof(from));
		log_notice("SIP from %s: %s (%d)", from,
			   m.err_reason ? m.err_reason : "unparseable", m.err_status);
		/*
		 * Answer a broken request when we know where to: a Via is
		 * enough, the builder leaves out the headers that did not parse.
		 */
		if (m.is_request && m.err_status && !pl_eq_str(&m.method, "ACK") &&
		    sip_msg_hdr(&m, SIP_HDR_VIA, 0))
			respond(ua, &m, src, m.err_status, m.err_reason, NULL);
		return;
	}
	if (m.is_request)
		rx_request(ua, &m, buf, len, src);
	else
		rx_response(ua, &m);
}

/* --- the server INVITE transaction of a leg -------------------------------------- */

/* a response to the INVITE or re-INVITE in leg->req; extra: more header lines */
int leg_srv_respond(struct sip_leg *leg, int status, const char *sdp, const char *extra_in)
{
	struct sip_ua *ua = leg->ua;
	static struct sip_msg m;
	char extra[768];
	size_t len, n = 0;
	char *resp;

	if (leg->resp_status >= 200 || !leg->req)
		return -EINVAL;
	if (sip_msg_parse(&m, leg->req, leg->req_len))
		return -EINVAL;
	extra[0] = '\0';
	/* a dialog-creating response echoes Record-Route (12.1.1) */
	if (status > 100 && status < 300 && !leg->srv_reinvite) {
		unsigned i, rr = sip_msg_hdr_count(&m, SIP_HDR_RECORD_ROUTE);
		struct sip_buf b;

		sip_buf_init(&b, extra, sizeof(extra));
		for (i = 0; i < rr; i++)
			sip_buf_hdr_pl(&b, "Record-Route", &sip_msg_hdr(&m, SIP_HDR_RECORD_ROUTE, i)->val);
		n = b.err ? 0 : b.len;
		extra[n] = '\0';
	}
	if (status > 100 && status < 300)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, "Contact: %s\r\n",
				      leg_contact(leg));
	if (status >= 200 && status < 300 && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, "Allow: " ALLOW "\r\n%s",
				      leg->se_hdrs);
	if (extra_in && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, "%s", extra_in);
	if (n < sizeof(extra))
		prack_rel_hdrs(leg, status, extra + n, sizeof(extra) - n);
	n += strlen(extra + n);
	if (n >= sizeof(extra) - 1)
		return -ENOSPC;
	resp = ua_response(ua, &m, &leg->resp_dst, status, NULL, leg->local_tag, extra, sdp, &len);
	if (!resp)
		return -ENOMEM;
	if (status > 100 && status < 200 && leg->rel_ok && !leg->srv_reinvite)
		prack_rel_sent(leg, resp, len);
	return leg_store_response(leg, status, resp, len);
}

int sip_leg_respond_hdrs(struct sip_leg *leg, int status, const char *sdp, int q850_cause,
			 const char *extra_hdrs)
{
	char hdrs[384] = "";
	size_t n = 0;

	if (leg->role != LEG_UAS || leg->srv_reinvite || leg->resp_status >= 200 || !leg->req)
		return -EINVAL;
	if (q850_cause > 0)
		n = (size_t)snprintf(hdrs, sizeof(hdrs), "Reason: Q.850;cause=%d;text=\"%s\"\r\n",
				     q850_cause, cause_text(q850_cause));
	if (extra_hdrs && n < sizeof(hdrs))
		n += (size_t)snprintf(hdrs + n, sizeof(hdrs) - n, "%s", extra_hdrs);
	if (n >= sizeof(hdrs))
		return -ENOSPC;
	if (status >= 300)
		leg->user = NULL;
	if (prack_hold(leg, status, sdp, q850_cause))
		return 0;
	return leg_srv_respond(leg, status, sdp, hdrs);
}

int sip_leg_respond(struct sip_leg *leg, int status, const char *sdp, int q850_cause)
{
	return sip_leg_respond_hdrs(leg, status, sdp, q850_cause, NULL);
}
