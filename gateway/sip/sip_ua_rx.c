// SPDX-License-Identifier: GPL-2.0-only
/*
 * Incoming SIP: parse, then route each message to its transaction or
 * dialog (RFC 3261 17.1.3, 17.2.3, 12.2.2), answer what no dialog owns,
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

#define ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO"

/* Methods we know and do not do (405); anything else unknown is 501 */
static const char *const known_methods[] = {"REGISTER", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE",
					    "PUBLISH",  "PRACK",     "UPDATE"};

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

/* a stateless answer, remembered for retransmissions of non-INVITE requests */
static void respond(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src,
		    int status, const char *reason, const char *extra)
{
	char key[200], tag[40];
	size_t len;
	char *resp;

	snprintf(tag, sizeof(tag), "pgs%08x", (unsigned)(m->call_id.l * 2654435761u));
	resp = ua_response(ua, m, src, status, reason, tag, extra, NULL, &len);
	if (!resp)
		return;
	ua_send(ua, src, resp, len);
	if (pl_eq_str(&m->method, "INVITE") || pl_eq_str(&m->method, "ACK")) {
		free(resp);
		return;
	}
	snprintf(key, sizeof(key), "%.*s %.*s %.*s", (int)m->via.branch.l, m->via.branch.p,
		 (int)m->method.l, m->method.p, (int)m->call_id.l, m->call_id.p);
	tsx_cache_put(ua, key, resp, len, src);
	free(resp);
}

static bool tag_is(const struct pl *tag, const char *s)
{
	return s[0] ? pl_eq_str(tag, s) : !tag->l;
}

static struct sip_leg *leg_find(struct sip_ua *ua, const struct sip_msg *m, bool request)
{
	struct sip_leg *l;

	for (l = ua->legs; l; l = l->next) {
		if (!pl_eq_str(&m->call_id, l->call_id))
			continue;
		/* from a request, the peer's tag is in From; from a response, in To */
		if (request && tag_is(&m->from.tag, l->remote_tag))
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

/* --- requests ----------------------------------------------------------------- */

static void rx_invite(struct sip_ua *ua, const struct sip_msg *m, const char *buf, size_t len,
		      const struct sockaddr_storage *src)
{
	struct sip_invite_info info = {0};
	struct sip_leg *leg = leg_find(ua, m, true);
	size_t n;
	char *resp;
	int status;

	if (leg && leg->role == LEG_UAS && pl_eq_str(&m->via.branch, leg->invite_branch)) {
		ua->st.rx_retrans++;
		if (leg->resp)
			ua_send(ua, &leg->peer, leg->resp, leg->resp_len);
		return;
	}
	if (pl_isset(&m->to.tag)) {
		if (!leg || !tag_is(&m->to.tag, leg->local_tag)) {
			respond(ua, m, src, 481, NULL, NULL);
			return;
		}
		/* re-INVITE (session refresh, hold): keep the session as it is */
		respond(ua, m, src, 488, "Session Change Not Supported",
			"Warning: 399 prigate \"re-INVITE not supported yet\"\r\n");
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
	if (sip_msg_hdr_count(m, SIP_HDR_REQUIRE)) {
		char unsup[256];
		const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_REQUIRE, 0);

		snprintf(unsup, sizeof(unsup), "Unsupported: %.*s\r\n", (int)h->val.l, h->val.p);
		respond(ua, m, src, 420, NULL, unsup);
		return;
	}
	if (m->uri.scheme == SIP_URI_TEL || !pl_isset(&m->uri.user) ||
	    sip_uri_unescape(&m->uri.user, info.ruri_user, sizeof(info.ruri_user))) {
		respond(ua, m, src, 404, NULL, NULL);
		return;
	}
	leg = leg_new(ua, LEG_UAS);
	if (!leg) {
		respond(ua, m, src, 500, NULL, NULL);
		return;
	}
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
	leg->invite_cseq = m->cseq.num;
	pl_strcpy(&m->call_id, leg->call_id, sizeof(leg->call_id));
	pl_strcpy(&m->via.branch, leg->invite_branch, sizeof(leg->invite_branch));
	pl_strcpy(&m->from.tag, leg->remote_tag, sizeof(leg->remote_tag));
	addr_copy(leg->remote_uri, sizeof(leg->remote_uri), &m->from);
	addr_copy(leg->local_uri, sizeof(leg->local_uri), &m->to);
	if (pl_isset(&m->contact.uri))
		pl_strcpy(&m->contact.uri, leg->remote_target, sizeof(leg->remote_target));
	else
		pl_strcpy(&m->from.uri, leg->remote_target, sizeof(leg->remote_target));
	leg->state = LEG_CALLING;

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

	if (!leg || leg->role != LEG_UAS || leg->invite_cseq != m->cseq.num) {
		respond(ua, m, src, 481, NULL, NULL);
		return;
	}
	respond(ua, m, src, 200, NULL, NULL);
	if (leg->resp_status >= 200)
		return; /* too late: the INVITE has its final response */
	sip_leg_respond(leg, 487, NULL, 0);
	leg_event(leg, SIP_LEG_CANCELLED, 0,
		  pl_eqcase_str(&m->reason.protocol, "Q.850") ? (int)m->reason.cause : 0, NULL);
	leg->user = NULL;
}

static void rx_bye(struct sip_ua *ua, const struct sip_msg *m, const struct sockaddr_storage *src)
{
	struct sip_leg *leg = leg_find(ua, m, true);

	if (!leg || !tag_is(&m->to.tag, leg->local_tag) || leg->state == LEG_DONE) {
		respond(ua, m, src, 481, NULL, NULL);
		return;
	}
	respond(ua, m, src, 200, NULL, NULL);
	leg_event(leg, SIP_LEG_BYE, 0,
		  pl_eqcase_str(&m->reason.protocol, "Q.850") ? (int)m->reason.cause : 0, NULL);
	leg_finish(leg);
}

static void rx_ack(struct sip_ua *ua, const struct sip_msg *m)
{
	struct sip_leg *leg = leg_find(ua, m, true);

	/* ACK matches the INVITE by dialog and CSeq number (17.2.3 for 2xx ACKs too) */
	if (leg && leg->role == LEG_UAS && leg->invite_cseq == m->cseq.num)
		leg_ack_received(leg);
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
	snprintf(key, sizeof(key), "%.*s %.*s %.*s", (int)m->via.branch.l, m->via.branch.p,
		 (int)m->method.l, m->method.p, (int)m->call_id.l, m->call_id.p);
	if (tsx_cache_hit(ua, key)) {
		ua->st.rx_retrans++;
		return;
	}
	if (pl_is(&m->method, "INVITE")) {
		rx_invite(ua, m, buf, len, src);
	} else if (pl_is(&m->method, "CANCEL")) {
		rx_cancel(ua, m, src);
	} else if (pl_is(&m->method, "BYE")) {
		rx_bye(ua, m, src);
	} else if (pl_is(&m->method, "OPTIONS")) {
		respond(ua, m, src, 200, NULL,
			"Allow: " ALLOW "\r\nAccept: application/sdp\r\n");
	} else if (pl_is(&m->method, "INFO")) {
		struct sip_leg *leg = leg_find(ua, m, true);

		respond(ua, m, src, leg ? 200 : 481, NULL, NULL);
	} else {
		for (i = 0; i < sizeof(known_methods) / sizeof(known_methods[0]); i++)
			if (pl_is(&m->method, known_methods[i]))
				break;
		respond(ua, m, src, i < sizeof(known_methods) / sizeof(known_methods[0]) ? 405 : 501,
			NULL, "Allow: " ALLOW "\r\n");
	}
}

/* --- responses ---------------------------------------------------------------- */

static void rx_response(struct sip_ua *ua, const struct sip_msg *m)
{
	struct sip_leg *l;
	int cause = pl_eqcase_str(&m->reason.protocol, "Q.850") ? (int)m->reason.cause : 0;
	struct pl sdp = PL_INIT;

	if (sip_msg_ctype_is(m, "application/sdp"))
		sdp = m->body;
	for (l = ua->legs; l; l = l->next) {
		if (l->role != LEG_UAC && !l->nict_branch[0])
			continue;
		if (pl_is(&m->cseq.method, "INVITE") && l->role == LEG_UAC &&
		    pl_eq_str(&m->via.branch, l->invite_branch)) {
			leg_invite_response(l, m->status, &m->to.tag, &m->contact.uri, cause, &sdp);
			return;
		}
		if (l->nict_branch[0] && pl_eq_str(&m->via.branch, l->nict_branch) &&
		    !pl_is(&m->cseq.method, "INVITE")) {
			if (m->status >= 200)
				leg_nict_response(l, m->status);
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

/* --- the UAS side of a leg ------------------------------------------------------ */

int sip_leg_respond(struct sip_leg *leg, int status, const char *sdp, int q850_cause)
{
	struct sip_ua *ua = leg->ua;
	static struct sip_msg m;
	char extra[512];
	size_t len, n = 0;
	char *resp;

	if (leg->role != LEG_UAS || leg->resp_status >= 200 || !leg->req)
		return -EINVAL;
	if (sip_msg_parse(&m, leg->req, leg->req_len))
		return -EINVAL;
	extra[0] = '\0';
	if (status > 100 && status < 300)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, "Contact: <sip:prigate@%s>\r\n",
				      ua->hostport);
	if (status >= 200 && status < 300)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, "Allow: " ALLOW "\r\n");
	if (q850_cause > 0)
		snprintf(extra + n, sizeof(extra) - n, "Reason: Q.850;cause=%d;text=\"%s\"\r\n",
			 q850_cause, cause_text(q850_cause));
	resp = ua_response(ua, &m, &leg->peer, status, NULL, leg->local_tag, extra, sdp, &len);
	if (!resp)
		return -ENOMEM;
	if (status >= 300)
		leg->user = NULL;
	return leg_store_response(leg, status, resp, len);
}
