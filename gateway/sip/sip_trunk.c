// SPDX-License-Identifier: GPL-2.0-only
/*
 * SIP trunks' own traffic: registration (RFC 3261 10.2) with digest
 * credentials, refreshed before the binding expires and retried with
 * exponential backoff after failures; or OPTIONS keepalives (11) that mark
 * a static trunk up or down for routing. One non-INVITE client transaction
 * at a time per trunk, with timers E and F (17.1.2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "sip_build.h"
#include "sip_msg.h"
#include "sip_ua_priv.h"

#define REG_EXPIRES_DEFAULT 3600
#define BACKOFF_MIN_S 30
#define BACKOFF_MAX_S 600

static const char *const state_names[] = {"static",	 "up",	       "down",
					  "registering", "registered", "failed"};

void ua_cnonce(char *buf, size_t size)
{
	sip_gen_tag(buf, size);
}

static const char *trunk_host(const struct sip_trunk *t, char *buf, size_t size)
{
	ua_addr_str(&t->c.addr, buf, size);
	return buf;
}

static bool trunk_has_cred(const struct sip_trunk *t)
{
	return t->c.username[0] && t->c.password[0];
}

static void trunk_set_state(struct sip_trunk *t, enum trunk_state st)
{
	if (t->state != st)
		log_notice("SIP trunk %s: %s -> %s", t->c.name, state_names[t->state],
			   state_names[st]);
	t->state = st;
}

static void tsx_end(struct sip_trunk *t)
{
	timer_cancel(t->ua->loop, &t->t_e);
	timer_cancel(t->ua->loop, &t->t_f);
	t->method[0] = '\0';
	free(t->msg);
	t->msg = NULL;
}

void trunk_stop(struct sip_trunk *t)
{
	tsx_end(t);
	timer_cancel(t->ua->loop, &t->t_next);
}

static void trunk_next_h(void *arg);

static void schedule(struct sip_trunk *t, uint64_t ms)
{
	timer_start(t->ua->loop, &t->t_next, ms, trunk_next_h, t);
}

static unsigned backoff_s(const struct sip_trunk *t)
{
	unsigned s = BACKOFF_MIN_S, i;

	for (i = 1; i < t->failures && s < BACKOFF_MAX_S; i++)
		s *= 2;
	return s < BACKOFF_MAX_S ? s : BACKOFF_MAX_S;
}

/* --- the transaction: timers E and F ------------------------------------------ */

static void trunk_e_h(void *arg)
{
	struct sip_trunk *t = arg;
	struct sip_ua *ua = t->ua;

	ua_send(ua, t->c.tp, &t->c.addr, t->msg, t->len);
	t->interval = t->interval * 2 < ua->t2 ? t->interval * 2 : ua->t2;
	timer_start(ua->loop, &t->t_e, t->interval, trunk_e_h, t);
}

static void trunk_fail(struct sip_trunk *t, int status);

static void trunk_f_h(void *arg)
{
	struct sip_trunk *t = arg;

	log_notice("SIP trunk %s: no answer to %s", t->c.name, t->method);
	trunk_fail(t, 408);
}

/* REGISTER or OPTIONS to the trunk, with credentials when we hold a challenge */
static int trunk_send(struct sip_trunk *t, const char *method)
{
	struct sip_ua *ua = t->ua;
	const char *hp = ua_hostport(ua, t->c.addr.ss_family);
	bool reg = !strcmp(method, "REGISTER");
	char host[80], ruri[100], auth[1024] = "", cnonce[SIP_TAG_SIZE];
	char *buf = malloc(SIP_MAX_MSG);
	const char *user = t->c.username[0] ? t->c.username : "prigate";
	const char *tpp = t->c.tp == SIP_TP_TCP	  ? ";transport=tcp"
			  : t->c.tp == SIP_TP_TLS ? ";transport=tls"
						  : "";
	struct sip_buf b;

	if (!buf)
		return -ENOMEM;
	tsx_end(t);
	trunk_host(t, host, sizeof(host));
	snprintf(ruri, sizeof(ruri), "sip:%s%s", host, tpp);
	if (!reg || !t->call_id[0])
		sip_gen_callid(t->call_id, sizeof(t->call_id), hp);
	if (!reg || !t->tag[0])
		sip_gen_tag(t->tag, sizeof(t->tag));
	sip_gen_branch(t->branch, sizeof(t->branch));
	t->cseq++;
	t->auth_sent = false;
	if (t->have_chal && trunk_has_cred(t)) {
		struct sip_cred cred;
		struct sip_buf ab;

		memset(&cred, 0, sizeof(cred));
		snprintf(cred.username, sizeof(cred.username), "%s", t->c.username);
		snprintf(cred.password, sizeof(cred.password), "%s", t->c.password);
		ua_cnonce(cnonce, sizeof(cnonce));
		sip_buf_init(&ab, auth, sizeof(auth));
		if (!sip_digest_header(&ab, t->chal_proxy, &t->chal, &cred, method, ruri, ++t->nc,
				       cnonce))
			t->auth_sent = true;
		else
			auth[0] = '\0';
		memset(&cred, 0, sizeof(cred));
	}
	sip_buf_init(&b, buf, SIP_MAX_MSG);
	sip_buf_printf(&b,
		       "%s %s SIP/2.0\r\n"
		       "Via: SIP/2.0/%s %s;branch=%s;rport\r\n"
		       "Max-Forwards: 70\r\n"
		       "From: <sip:%s@%s>;tag=%s\r\n"
		       "To: <sip:%s@%s>\r\n"
		       "Call-ID: %s\r\n"
		       "CSeq: %u %s\r\n",
		       method, ruri, sip_transport_name(t->c.tp), hp, t->branch, user,
		       reg ? host : hp, t->tag, reg ? user : "prigate", host, t->call_id, t->cseq,
		       method);
	if (reg)
		sip_buf_printf(&b, "Contact: <sip:%s@%s%s>\r\nExpires: %u\r\n", user, hp, tpp,
			       t->c.expires ? t->c.expires : REG_EXPIRES_DEFAULT);
	sip_buf_printf(&b, "%sAllow: " SIP_ALLOW "\r\nUser-Agent: %s\r\nContent-Length: 0\r\n\r\n",
		       auth, ua->conf.user_agent);
	memset(auth, 0, sizeof(auth));
	if (b.err) {
		free(buf);
		return b.err;
	}
	t->msg = buf;
	t->len = b.len;
	snprintf(t->method, sizeof(t->method), "%s", method);
	ua_send(ua, t->c.tp, &t->c.addr, t->msg, t->len);
	t->interval = ua->t1;
	if (t->c.tp == SIP_TP_UDP)
		timer_start(ua->loop, &t->t_e, t->interval, trunk_e_h, t);
	timer_start(ua->loop, &t->t_f, 64ull * ua->t1, trunk_f_h, t);
	return 0;
}

static void trunk_next_h(void *arg)
{
	struct sip_trunk *t = arg;

	if (trunk_send(t, t->c.reg ? "REGISTER" : "OPTIONS"))
		trunk_fail(t, 500);
	else if (t->c.reg && t->state != TRUNK_REGISTERED)
		trunk_set_state(t, TRUNK_REGISTERING);
}

void trunk_start(struct sip_trunk *t)
{
	timer_init(&t->t_e);
	timer_init(&t->t_f);
	timer_init(&t->t_next);
	if (t->c.reg) {
		t->state = TRUNK_REGISTERING;
		schedule(t, 0);
	} else if (t->c.keepalive_s) {
		t->state = TRUNK_UP; /* until an OPTIONS says otherwise */
		schedule(t, 0);
	} else {
		t->state = TRUNK_STATIC;
	}
}

static void trunk_fail(struct sip_trunk *t, int status)
{
	tsx_end(t);
	t->last_status = status;
	t->failures++;
	if (t->c.reg) {
		trunk_set_state(t, TRUNK_FAILED);
		log_notice("SIP trunk %s: registration failed (%d), retry in %u s", t->c.name,
			   status, backoff_s(t));
		schedule(t, backoff_s(t) * 1000ull);
	} else {
		trunk_set_state(t, TRUNK_DOWN);
		schedule(t, t->c.keepalive_s * 1000ull);
	}
}

/* the lifetime the registrar granted us: our Contact's expires, else Expires */
static unsigned granted(const struct sip_trunk *t, const struct sip_msg *m)
{
	unsigned i, n = sip_msg_hdr_count(m, SIP_HDR_CONTACT);
	const char *hp = ua_hostport(t->ua, t->c.addr.ss_family);

	for (i = 0; i < n; i++) {
		const struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_CONTACT, i);
		struct sip_addr a;
		struct pl v;
		uint32_t e;

		if (sip_addr_parse(&a, h->val) || !pl_chr(&a.uri, '@'))
			continue;
		if (!memmem(a.uri.p, a.uri.l, hp, strlen(hp)))
			continue;
		if (!sip_param_get(a.params, "expires", &v) && !pl_u32(&v, &e, 1u << 31))
			return e;
	}
	if (m->has_expires)
		return m->expires;
	return t->c.expires ? t->c.expires : REG_EXPIRES_DEFAULT;
}

static void trunk_response(struct sip_trunk *t, const struct sip_msg *m)
{
	bool reg = !strcmp(t->method, "REGISTER");
	struct sip_cred cred;
	unsigned e;

	if (m->status < 200)
		return;
	t->last_status = m->status;
	if (!reg) {
		/* any answer shows the trunk is there (RFC 3261 11.2) */
		tsx_end(t);
		t->failures = 0;
		trunk_set_state(t, m->status == 503 ? TRUNK_DOWN : TRUNK_UP);
		schedule(t, t->c.keepalive_s * 1000ull);
		return;
	}
	if ((m->status == 401 || m->status == 407) && trunk_has_cred(t)) {
		struct sip_digest_chal ch;
		bool proxy;

		memset(&cred, 0, sizeof(cred));
		snprintf(cred.realm, sizeof(cred.realm), "%s", t->c.realm);
		if (!sip_digest_pick(&ch, &proxy, m, &cred) &&
		    (!t->auth_sent || ch.stale || !t->have_chal ||
		     strcmp(ch.nonce, t->chal.nonce))) {
			/* a new nonce: answer it (a second refusal of the same one fails) */
			if (!t->have_chal || strcmp(ch.nonce, t->chal.nonce))
				t->nc = 0;
			t->chal = ch;
			t->chal_proxy = proxy;
			t->have_chal = true;
			if (!trunk_send(t, "REGISTER"))
				return;
		}
		t->have_chal = false;
		trunk_fail(t, m->status);
		return;
	}
	if (m->status == 423 && m->has_expires) {
		/* Interval Too Brief: ask for the registrar's Min-Expires (10.2.8) */
		const struct sip_hdr *h = sip_msg_hdr_name(m, "Min-Expires", 0);
		uint32_t min;

		if (h && !pl_u32(&h->val, &min, 1u << 31) && min > t->c.expires) {
			t->c.expires = min;
			if (!trunk_send(t, "REGISTER"))
				return;
		}
	}
	if (m->status >= 300) {
		trunk_fail(t, m->status);
		return;
	}
	tsx_end(t);
	e = granted(t, m);
	t->granted_s = e;
	t->failures = 0;
	trunk_set_state(t, TRUNK_REGISTERED);
	/* refresh well before the binding expires */
	schedule(t, (e > 120 ? e - 60 : e / 2 ? e / 2 : 1) * 1000ull);
}

bool trunk_rx_response(struct sip_ua *ua, const struct sip_msg *m)
{
	int i;

	for (i = 0; i < ua->ntrunks; i++) {
		struct sip_trunk *t = &ua->trunks[i];

		if (t->used && t->method[0] && pl_eq_str(&m->via.branch, t->branch) &&
		    pl_eq_str(&m->cseq.method, t->method)) {
			trunk_response(t, m);
			return true;
		}
	}
	return false;
}

bool sip_ua_trunk_up(const struct sip_ua *ua, const char *name)
{
	int i;

	for (i = 0; i < ua->ntrunks; i++) {
		const struct sip_trunk *t = &ua->trunks[i];

		if (t->used && !strcasecmp(t->c.name, name))
			return t->state == TRUNK_STATIC || t->state == TRUNK_UP ||
			       t->state == TRUNK_REGISTERED;
	}
	return true;
}

int sip_ua_trunk_info(const struct sip_ua *ua, int idx, struct sip_trunk_info *out)
{
	int i, n = 0;

	for (i = 0; i < ua->ntrunks; i++) {
		const struct sip_trunk *t = &ua->trunks[i];

		if (!t->used || n++ != idx)
			continue;
		memset(out, 0, sizeof(*out));
		snprintf(out->name, sizeof(out->name), "%s", t->c.name);
		out->tp = t->c.tp;
		out->state = state_names[t->state];
		out->up = sip_ua_trunk_up(ua, t->c.name);
		out->last_status = t->last_status;
		out->next_s =
			timer_armed(&t->t_next)
				? (long)((t->t_next.expires_ms - loop_now_ms(ua->loop)) / 1000)
				: -1;
		out->expires_s = t->granted_s;
		out->failures = t->failures;
		return 0;
	}
	return -ENOENT;
}
