// SPDX-License-Identifier: GPL-2.0-only
/*
 * INI configuration: every section and key is checked against a table,
 * so a typo is an error, not a silently ignored line.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <iniparser.h>
#include <libpri.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "sockaddr.h"
#include "sip/sip_ua.h"

struct cfg_ctx {
	struct config *cfg;
	const char *file;
	const char *sec; /* section name as written, lower-cased by iniparser */
	char *err;
	size_t errlen;
};

typedef int (key_h)(struct cfg_ctx *c, void *obj, const char *key, const char *val);

struct key_def {
	const char *name;
	key_h *h;
};

static int bad(struct cfg_ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct cfg_ctx *c, const char *key, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (key)
		snprintf(c->err, c->errlen, "%s: [%s] %s: %s", c->file, c->sec, key, what);
	else
		snprintf(c->err, c->errlen, "%s: [%s]: %s", c->file, c->sec, what);
	return -EINVAL;
}

static int parse_uint(struct cfg_ctx *c, const char *key, const char *val, unsigned min,
		      unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	/* digits only: strtoul would take " 5", "+5" and "-1" */
	if (!isdigit((unsigned char)*val))
		return bad(c, key, "'%s' is not a number (allowed: %u-%u)", val, min, max);
	errno = 0;
	v = strtoul(val, &end, 10);
	if (*end)
		return bad(c, key, "'%s' is not a number (allowed: %u-%u)", val, min, max);
	if (errno || v < min || v > max)
		return bad(c, key, "%s is out of range (allowed: %u-%u)", val, min, max);
	*out = (unsigned)v;
	return 0;
}

static int parse_str(struct cfg_ctx *c, const char *key, const char *val, char *dst, size_t size)
{
	if (strlen(val) >= size)
		return bad(c, key, "too long (allowed: up to %zu characters)", size - 1);
	strcpy(dst, val);
	return 0;
}

static int parse_ip(struct cfg_ctx *c, const char *key, const char *val, uint16_t port,
		    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, val, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		return 0;
	}
	if (inet_pton(AF_INET6, val, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		return 0;
	}
	return bad(c, key, "'%s' is not an IP address (allowed: IPv4 or IPv6 literal)", val);
}

static int parse_choice(struct cfg_ctx *c, const char *key, const char *val,
			const char *const *names, int n, int *out)
{
	char allowed[128] = "";
	int i;

	for (i = 0; i < n; i++) {
		if (!strcasecmp(val, names[i])) {
			*out = i;
			return 0;
		}
		if (i)
			strcat(allowed, ", ");
		strcat(allowed, names[i]);
	}
	return bad(c, key, "'%s' is not valid (allowed: %s)", val, allowed);
}

static int parse_bool(struct cfg_ctx *c, const char *key, const char *val, bool *out)
{
	static const char *const names[] = {"no", "yes", "false", "true", "0", "1", "off", "on"};
	int i = 0, err = parse_choice(c, key, val, names, 8, &i);

	if (!err)
		*out = i & 1;
	return err;
}

/* --- [general] --------------------------------------------------------- */

static int k_control(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->general.control, sizeof(c->cfg->general.control));
}

static int k_loglevel(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	if (log_level_parse(v, &c->cfg->general.log_level))
		return bad(c, k, "'%s' is not valid (allowed: error, warning, notice, info, debug)",
			   v);
	return 0;
}

static const struct key_def general_keys[] = {
	{"control", k_control},
	{"log_level", k_loglevel},
	{NULL, NULL},
};

/* --- [sip] --------------------------------------------------------------- */

static int k_sip_listen(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->sip.listen, sizeof(c->cfg->sip.listen));
}

static int k_sip_port(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	unsigned p;
	int err = parse_uint(c, k, v, 1, 65535, &p);

	c->cfg->sip.port = (uint16_t)p;
	return err;
}

static int k_sip_ua(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->sip.user_agent, sizeof(c->cfg->sip.user_agent));
}

static int k_sip_t1(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 50, 10000, &c->cfg->sip.t1_ms);
}

static int k_sip_t2(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 100, 60000, &c->cfg->sip.t2_ms);
}

static int k_sip_t4(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 100, 60000, &c->cfg->sip.t4_ms);
}

static int k_sip_max_cps(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 0, 100000, &c->cfg->sip.max_cps);
}

static int k_sip_listen2(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->sip.listen2, sizeof(c->cfg->sip.listen2));
}

/* "udp, tcp, tls": bits 1 << enum sip_transport (0 udp, 1 tcp, 2 tls) */
static int k_sip_transports(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"udp", "tcp", "tls"};
	char buf[64], *tok, *save = NULL;
	int i = 0;

	if (parse_str(c, k, v, buf, sizeof(buf)))
		return -EINVAL;
	c->cfg->sip.transports = 0;
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (parse_choice(c, k, tok, names, 3, &i))
			return -EINVAL;
		c->cfg->sip.transports |= 1u << i;
	}
	if (!(c->cfg->sip.transports & 1))
		return bad(c, k, "'%s' lacks udp (allowed: udp plus any of tcp, tls)", v);
	return 0;
}

static int k_sip_tls_cert(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->sip.tls_cert, sizeof(c->cfg->sip.tls_cert));
}

static int k_sip_tls_key(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->sip.tls_key, sizeof(c->cfg->sip.tls_key));
}

static int k_sip_tls_ca(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->sip.tls_ca, sizeof(c->cfg->sip.tls_ca));
}

static int k_sip_100rel(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	bool on = true;
	int err = parse_bool(c, k, v, &on);

	c->cfg->sip.no_100rel = !on;
	return err;
}

static int k_sip_session_expires(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 0, 86400, &c->cfg->sip.session_expires);
}

static int k_sip_min_se(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 2, 86400, &c->cfg->sip.min_se);
}

static const struct key_def sip_keys[] = {
	{"listen", k_sip_listen},
	{"port", k_sip_port},
	{"user_agent", k_sip_ua},
	{"t1_ms", k_sip_t1},
	{"t2_ms", k_sip_t2},
	{"t4_ms", k_sip_t4},
	{"max_cps", k_sip_max_cps},
	{"100rel", k_sip_100rel},
	{"session_expires", k_sip_session_expires},
	{"min_se", k_sip_min_se},
	{"listen2", k_sip_listen2},
	{"transports", k_sip_transports},
	{"tls_cert", k_sip_tls_cert},
	{"tls_key", k_sip_tls_key},
	{"tls_ca", k_sip_tls_ca},
	{NULL, NULL},
};

/* --- [media] ------------------------------------------------------------- */

static int k_rtp_address(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->media.rtp_address, sizeof(c->cfg->media.rtp_address));
}

static int k_rtp_min(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	unsigned p;
	int err = parse_uint(c, k, v, 1024, 65534, &p);

	c->cfg->media.rtp_port_min = (uint16_t)p;
	return err;
}

static int k_rtp_max(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	unsigned p;
	int err = parse_uint(c, k, v, 1025, 65535, &p);

	c->cfg->media.rtp_port_max = (uint16_t)p;
	return err;
}

static int k_jitter(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 0, 400, &c->cfg->media.jitter_ms);
}

static int k_jitter_min(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 0, 250, &c->cfg->media.jitter_min_ms);
}

static int k_jitter_max(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 10, 250, &c->cfg->media.jitter_max_ms);
}

static int k_ptime(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	int err = parse_uint(c, k, v, 10, 60, &c->cfg->media.ptime);

	if (!err && c->cfg->media.ptime % 10)
		return bad(c, k, "'%s' is not valid (allowed: 10, 20, 30, 40, 50, 60)", v);
	return err;
}

static const char *const srtp_names[] = {"off", "optional", "mandatory"};

static int k_media_srtp(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	int i = 0, err = parse_choice(c, k, v, srtp_names, 3, &i);

	c->cfg->media.srtp = (enum sdp_srtp_policy)i;
	return err;
}

static int k_jitter_mode(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"adaptive", "fixed"};
	int i = 0, err = parse_choice(c, k, v, names, 2, &i);

	c->cfg->media.jitter_fixed = i == 1;
	return err;
}

static int k_engine(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"sockets", "xdp"}; /* enum media_io_kind */

	return parse_choice(c, k, v, names, 2, &c->cfg->media.io.engine);
}

static int k_xdp_interface(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_str(c, k, v, c->cfg->media.io.xdp_interface,
			 sizeof(c->cfg->media.io.xdp_interface));
}

static int k_xdp_queue(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 0, 63, &c->cfg->media.io.xdp_queue);
}

static int k_media_threads(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	return parse_uint(c, k, v, 1, 8, &c->cfg->media.threads);
}

/* a comma-separated list of CPU numbers, at most 8 */
static int k_media_cpus(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_media *m = &c->cfg->media;
	char buf[128], *save = NULL, *t;
	unsigned cpu;

	if (parse_str(c, k, v, buf, sizeof(buf)))
		return -EINVAL;
	m->ncpus = 0;
	for (t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		if (m->ncpus == 8)
			return bad(c, k, "more than 8 CPUs (allowed: up to 8 CPU numbers)");
		if (parse_uint(c, k, t, 0, 1023, &cpu))
			return -EINVAL;
		m->cpus[m->ncpus++] = (int)cpu;
	}
	return 0;
}

static const struct key_def media_keys[] = {
	{"threads", k_media_threads},
	{"cpus", k_media_cpus},
	{"engine", k_engine},
	{"xdp_interface", k_xdp_interface},
	{"xdp_queue", k_xdp_queue},
	{"rtp_address", k_rtp_address},
	{"rtp_port_min", k_rtp_min},
	{"rtp_port_max", k_rtp_max},
	{"jitter_ms", k_jitter},
	{"jitter_min_ms", k_jitter_min},
	{"jitter_max_ms", k_jitter_max},
	{"jitter_mode", k_jitter_mode},
	{"ptime", k_ptime},
	{"srtp", k_media_srtp},
	{NULL, NULL},
};

/* --- [trunk NAME] -------------------------------------------------------- */

static int k_trunk_address(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_str(c, k, v, t->address, sizeof(t->address));
}

static int k_trunk_port(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;
	unsigned p;
	int err = parse_uint(c, k, v, 1, 65535, &p);

	t->port = (uint16_t)p;
	return err;
}

static int k_trunk_emergency(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_bool(c, k, v, &t->emergency);
}

static int k_trunk_redirecting(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"diversion", "history-info", "both"};
	struct cfg_trunk *t = o;
	int i = 0, err = parse_choice(c, k, v, names, 3, &i);

	t->redirecting = (unsigned)i + 1; /* ROUTE_REDIR_DIVERSION, _HISTORY or both */
	return err;
}

static int k_trunk_trusted(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_bool(c, k, v, &t->trusted);
}

static int k_trunk_causes(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_str(c, k, v, t->causes, sizeof(t->causes));
}

static int k_trunk_transport(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"udp", "tcp", "tls"};
	struct cfg_trunk *t = o;

	return parse_choice(c, k, v, names, 3, &t->transport);
}

static int k_trunk_username(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_str(c, k, v, t->username, sizeof(t->username));
}

static int k_trunk_password(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	/* never echo a password in an error message */
	if (strlen(v) >= sizeof(t->password))
		return bad(c, k, "too long (allowed: up to %zu characters)",
			   sizeof(t->password) - 1);
	strcpy(t->password, v);
	return 0;
}

static int k_trunk_realm(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_str(c, k, v, t->realm, sizeof(t->realm));
}

static int k_trunk_register(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_bool(c, k, v, &t->reg);
}

static int k_trunk_expires(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_uint(c, k, v, 60, 86400, &t->expires);
}

static int k_trunk_keepalive(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_uint(c, k, v, 0, 3600, &t->keepalive);
}

static int k_trunk_srtp(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;
	int i = 0, err = parse_choice(c, k, v, srtp_names, 3, &i);

	t->srtp = (enum sdp_srtp_policy)i;
	t->srtp_set = true;
	return err;
}

static int k_trunk_max_calls(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_uint(c, k, v, 0, 100000, &t->limit.max_calls);
}

static int k_trunk_max_cps(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_trunk *t = o;

	return parse_uint(c, k, v, 0, 10000, &t->limit.max_cps);
}

static const struct key_def trunk_keys[] = {
	{"address", k_trunk_address},
	{"port", k_trunk_port},
	{"emergency", k_trunk_emergency},
	{"trusted", k_trunk_trusted},
	{"redirecting", k_trunk_redirecting},
	{"causes", k_trunk_causes},
	{"transport", k_trunk_transport},
	{"username", k_trunk_username},
	{"password", k_trunk_password},
	{"realm", k_trunk_realm},
	{"register", k_trunk_register},
	{"expires", k_trunk_expires},
	{"keepalive", k_trunk_keepalive},
	{"srtp", k_trunk_srtp},
	{"max_calls", k_trunk_max_calls},
	{"max_cps", k_trunk_max_cps},
	{NULL, NULL},
};

/* --- [span N] ------------------------------------------------------------ */

static int k_span_backend(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;

	if (!tdm_backend_find(v))
		return bad(c, k, "'%s' is not a backend built in (allowed: %s)", v,
			   tdm_backend_names());
	return parse_str(c, k, v, s->backend, sizeof(s->backend));
}

static int k_span_framing(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"e1", "t1"};
	struct cfg_span *s = o;
	int i = 0, err = parse_choice(c, k, v, names, 2, &i);

	s->tdm.framing = s->isdn.framing = (enum tdm_framing)i;
	return err;
}

static int k_span_law(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"alaw", "ulaw"};
	struct cfg_span *s = o;
	int i = 0, err = parse_choice(c, k, v, names, 2, &i);

	s->tdm.law = s->isdn.law = (enum tdm_law)i;
	return err;
}

static int k_span_signalling(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"pri_net", "pri_cpe"};
	struct cfg_span *s = o;
	int i = 0, err = parse_choice(c, k, v, names, 2, &i);

	s->isdn.node = i == 0 ? PRI_NETWORK : PRI_CPE;
	return err;
}

static int k_span_switchtype(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;
	int t = isdn_switchtype_parse(v);

	if (t < 0)
		return bad(c, k,
			   "'%s' is not valid (allowed: euroisdn, ni2, dms100, lucent5e, 4ess, qsig)",
			   v);
	s->isdn.switchtype = t;
	s->switchtype_set = true;
	return 0;
}

static int k_span_overlap(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;

	return parse_bool(c, k, v, &s->isdn.overlap);
}

static int k_span_t302(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;

	return parse_uint(c, k, v, 1000, 60000, &s->isdn.t302_ms);
}

static int k_span_restart(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;

	return parse_bool(c, k, v, &s->isdn.restart);
}

/* chan_dahdi's spelling: no, yes (128 taps = 16 ms) or the number of taps */
static int k_span_echocancel(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;
	bool b;

	if (isdigit((unsigned char)*v)) {
		if (parse_uint(c, k, v, 32, 1024, &s->tdm.echocancel))
			return bad(c, k, "'%s' is not valid (allowed: no, yes or 32-1024 taps)", v);
		return 0;
	}
	if (parse_bool(c, k, v, &b))
		return bad(c, k, "'%s' is not valid (allowed: no, yes or 32-1024 taps)", v);
	s->tdm.echocancel = b ? 128 : 0;
	return 0;
}

static int k_span_device(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;

	return parse_str(c, k, v, s->tdm.device, sizeof(s->tdm.device));
}

static int k_span_listen(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;
	bool b = false;
	int err = parse_bool(c, k, v, &b);

	s->tdm.listen = b;
	return err;
}

static int k_span_hunt(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"ascending", "descending", "round-robin"};
	struct cfg_span *s = o;
	int i = 0, err = parse_choice(c, k, v, names, 3, &i);

	s->isdn.hunt = (enum isdn_hunt)i;
	return err;
}

static int k_span_trunk(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;

	return parse_str(c, k, v, s->trunk, sizeof(s->trunk));
}

static int k_span_debug(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	struct cfg_span *s = o;
	bool b = false;
	int err = parse_bool(c, k, v, &b);

	s->isdn.debug = b ? (PRI_DEBUG_Q931_DUMP | PRI_DEBUG_Q931_STATE) : 0;
	return err;
}

static int k_span_send_name(struct cfg_ctx *c, void *o, const char *k, const char *v)
{
	static const char *const names[] = {"auto", "yes", "no"};
	struct cfg_span *s = o;
	int i = 0, err = parse_choice(c, k, v, names, 3, &i);

	s->isdn.send_name = i == 0 ? -1 : i == 1;
	return err;
}

static const struct key_def span_keys[] = {
	{"backend", k_span_backend},
	{"framing", k_span_framing},
	{"law", k_span_law},
	{"signalling", k_span_signalling},
	{"switchtype", k_span_switchtype},
	{"device", k_span_device},
	{"listen", k_span_listen},
	{"hunt", k_span_hunt},
	{"trunk", k_span_trunk},
	{"debug", k_span_debug},
	{"restart", k_span_restart},
	{"echocancel", k_span_echocancel},
	{"overlap", k_span_overlap},
	{"t302_ms", k_span_t302},
	{"send_name", k_span_send_name},
	{NULL, NULL},
};

/* --- sections ------------------------------------------------------------- */

static int section_keys(struct cfg_ctx *c, dictionary *d, const struct key_def *defs, void *obj)
{
	int n = iniparser_getsecnkeys(d, c->sec), i, err;
	const char **keys;
	size_t plen = strlen(c->sec) + 1;

	if (n <= 0)
		return 0;
	keys = calloc((size_t)n, sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	iniparser_getseckeys(d, c->sec, keys);
	for (i = 0; i < n; i++) {
		const char *key = keys[i] + plen, *val = iniparser_getstring(d, keys[i], NULL);
		const struct key_def *kd;

		for (kd = defs; kd->name; kd++)
			if (!strcmp(kd->name, key))
				break;
		if (!kd->name) {
			char allowed[256] = "";

			for (kd = defs; kd->name; kd++) {
				strcat(allowed, kd == defs ? "" : ", ");
				strcat(allowed, kd->name);
			}
			err = bad(c, key, "unknown key (allowed: %s)", allowed);
			goto out;
		}
		if (!val) {
			/* iniparser files "[sip:listen]" as a value-less key of [sip] */
			err = bad(c, key, "a section name, not a key (allowed: key = value)");
			goto out;
		}
		err = kd->h(c, obj, key, val);
		if (err)
			goto out;
	}
	err = 0;
out:
	free(keys);
	return err;
}

/* --- routing sections: gateway/route parses, we report -------------------- */

static int route_section(struct cfg_ctx *c, dictionary *d)
{
	struct route_conf *rc = &c->cfg->route;
	int n = iniparser_getsecnkeys(d, c->sec), i, err = 0;
	size_t plen = strlen(c->sec) + 1;
	const char **keys = NULL;
	char what[384];

	if (route_conf_section(rc, c->sec, what, sizeof(what)))
		return bad(c, NULL, "%s", what);
	if (n > 0) {
		keys = calloc((size_t)n, sizeof(*keys));
		if (!keys)
			return -ENOMEM;
		iniparser_getseckeys(d, c->sec, keys);
	}
	for (i = 0; i < n && !err; i++)
		if (route_conf_key(rc, c->sec, keys[i] + plen, iniparser_getstring(d, keys[i], ""),
				   what, sizeof(what)))
			err = bad(c, keys[i] + plen, "%s", what);
	free(keys);
	if (!err && route_conf_section_end(rc, c->sec, what, sizeof(what)))
		err = bad(c, NULL, "%s", what);
	return err;
}

static bool route_trunk_ok(const char *name, void *arg)
{
	return config_trunk(arg, name) != NULL;
}

static bool route_span_ok(int no, void *arg)
{
	const struct config *cfg = arg;
	int i;

	for (i = 0; i < cfg->nspans; i++)
		if (cfg->spans[i].no == no)
			return true;
	return false;
}

static int route_cross_checks(struct cfg_ctx *c)
{
	struct config *cfg = c->cfg;
	struct route_names names = {route_trunk_ok, route_span_ok, cfg};
	char sec[80], key[48], what[256], tsec[48];
	int i;

	for (i = 0; i < cfg->ntrunks; i++) {
		struct cfg_trunk *t = &cfg->trunks[i];

		snprintf(tsec, sizeof(tsec), "trunk %s", t->name);
		c->sec = tsec;
		if (t->causes[0] && !route_causes_find(&cfg->route, t->causes))
			return bad(c, "causes", "'%s' is not a [causes NAME] section", t->causes);
	}
	if (route_conf_check(&cfg->route, &names, sec, sizeof(sec), key, sizeof(key), what,
			     sizeof(what))) {
		c->sec = sec;
		return bad(c, key, "%s", what);
	}
	return 0;
}

static void defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->general.control, sizeof(cfg->general.control), "/tmp/prigated.ctl");
	cfg->general.log_level = LOG_LVL_NOTICE;
	snprintf(cfg->sip.listen, sizeof(cfg->sip.listen), "127.0.0.1");
	cfg->sip.port = 5060;
	cfg->sip.session_expires = 1800; /* RFC 4028 4's recommendation */
	cfg->sip.min_se = 90;
	snprintf(cfg->sip.user_agent, sizeof(cfg->sip.user_agent), "prigate");
	cfg->sip.t1_ms = 500;
	cfg->sip.t2_ms = 4000;
	cfg->sip.t4_ms = 5000;
	cfg->sip.transports = 1; /* udp */
	cfg->media.rtp_port_min = 10000;
	cfg->media.rtp_port_max = 20000;
	cfg->media.jitter_ms = 40;
	cfg->media.jitter_min_ms = 20;
	cfg->media.jitter_max_ms = 200;
	cfg->media.ptime = 20;
	cfg->media.threads = 1;
	route_conf_defaults(&cfg->route);
}

static void span_defaults(struct cfg_span *s, int no)
{
	memset(s, 0, sizeof(*s));
	s->no = no;
	snprintf(s->backend, sizeof(s->backend), "sim");
	s->tdm.span_no = s->isdn.span_no = no;
	s->tdm.framing = s->isdn.framing = TDM_E1;
	s->tdm.law = s->isdn.law = TDM_ALAW;
	s->isdn.node = PRI_NETWORK;
	s->isdn.switchtype = PRI_SWITCH_EUROISDN_E1;
	s->isdn.hunt = ISDN_HUNT_DESCENDING;
	s->isdn.restart = true;
	s->isdn.send_name = -1;
}

static int section(struct cfg_ctx *c, dictionary *d)
{
	struct config *cfg = c->cfg;
	const char *sec = c->sec;
	unsigned no;

	if (!strcmp(sec, "general"))
		return section_keys(c, d, general_keys, NULL);
	if (!strcmp(sec, "sip"))
		return section_keys(c, d, sip_keys, NULL);
	if (!strcmp(sec, "media"))
		return section_keys(c, d, media_keys, NULL);
	if (!strncmp(sec, "trunk ", 6)) {
		struct cfg_trunk *t;

		if (cfg->ntrunks == CFG_MAX_TRUNKS)
			return bad(c, NULL, "too many trunks (allowed: %d)", CFG_MAX_TRUNKS);
		if (config_trunk(cfg, sec + 6))
			return bad(c, NULL, "trunk defined twice");
		t = &cfg->trunks[cfg->ntrunks++];
		t->port = 5060;
		t->redirecting = 1; /* Diversion */
		t->emergency = true;
		t->trusted = true;
		t->expires = 3600;
		if (parse_str(c, NULL, sec + 6, t->name, sizeof(t->name)))
			return -EINVAL;
		if (section_keys(c, d, trunk_keys, t))
			return -EINVAL;
		if (!t->address[0])
			return bad(c, "address", "missing (allowed: an IP address)");
		if (t->reg && (!t->username[0] || !t->password[0]))
			return bad(c, "register", "needs username and password");
		return parse_ip(c, "address", t->address, t->port, &t->addr);
	}
	if (!strncmp(sec, "span ", 5)) {
		struct cfg_span *s;
		int i;

		if (parse_uint(c, NULL, sec + 5, 1, 255, &no))
			return bad(c, NULL, "'%s' is not a span number (allowed: 1-255)", sec + 5);
		for (i = 0; i < cfg->nspans; i++)
			if (cfg->spans[i].no == (int)no)
				return bad(c, NULL, "span defined twice");
		if (cfg->nspans == CFG_MAX_SPANS)
			return bad(c, NULL, "too many spans (allowed: %d)", CFG_MAX_SPANS);
		s = &cfg->spans[cfg->nspans++];
		span_defaults(s, (int)no);
		if (section_keys(c, d, span_keys, s))
			return -EINVAL;
		if (!s->tdm.device[0])
			return bad(c, "device", "missing (allowed: the %s backend's device or path)",
				   s->backend);
		if (s->tdm.echocancel && strcmp(s->backend, "dahdi"))
			return bad(c, "echocancel", "the %s backend has no echo canceller (allowed: "
				   "no)", s->backend);
		/* T1 defaults to National ISDN 2; EuroISDN on a T1 is ETSI's T1 variant */
		if (s->tdm.framing == TDM_T1 && s->isdn.switchtype == PRI_SWITCH_EUROISDN_E1)
			s->isdn.switchtype =
				s->switchtype_set ? PRI_SWITCH_EUROISDN_T1 : PRI_SWITCH_NI2;
		return 0;
	}
	if (route_conf_is_section(sec))
		return route_section(c, d);
	return bad(c, NULL, "unknown section (allowed: general, sip, media, trunk NAME, span N, "
			    "route.in NAME, route.out NAME, group NAME, causes NAME, numbering)");
}

static int cross_checks(struct cfg_ctx *c)
{
	struct config *cfg = c->cfg;
	int i;

	c->sec = "sip";
	if (parse_ip(c, "listen", cfg->sip.listen, cfg->sip.port, &cfg->sip.addr))
		return -EINVAL;
	if (cfg->sip.t2_ms < cfg->sip.t1_ms)
		return bad(c, "t2_ms", "must not be below t1_ms (%u)", cfg->sip.t1_ms);
	if (cfg->sip.session_expires && cfg->sip.session_expires < cfg->sip.min_se)
		return bad(c, "session_expires", "must be 0 or not below min_se (%u)",
			   cfg->sip.min_se);
	if (cfg->sip.listen2[0] &&
	    (parse_ip(c, "listen2", cfg->sip.listen2, cfg->sip.port, &cfg->sip.addr2) ||
	     cfg->sip.addr2.ss_family == cfg->sip.addr.ss_family))
		return bad(c, "listen2", "'%s' must be of the other family than listen "
			   "(allowed: an IPv6 literal beside IPv4, or the reverse)", cfg->sip.listen2);
	if ((cfg->sip.transports & 4) && !sip_tls_available())
		return bad(c, "transports", "tls is not built in (allowed: udp, tcp)");
	if ((cfg->sip.transports & 4) && (!cfg->sip.tls_cert[0] || !cfg->sip.tls_key[0]))
		return bad(c, "tls_cert", "tls needs tls_cert and tls_key (allowed: PEM files)");
	for (i = 0; i < cfg->ntrunks; i++)
		if (!cfg->trunks[i].srtp_set)
			cfg->trunks[i].srtp = cfg->media.srtp;
	for (i = 0; i < cfg->ntrunks; i++) {
		if (!(cfg->sip.transports & (1u << cfg->trunks[i].transport))) {
			char name[48];

			snprintf(name, sizeof(name), "trunk %s", cfg->trunks[i].name);
			c->sec = name;
			return bad(c, "transport", "not in [sip] transports (allowed: udp%s%s)",
				   cfg->sip.transports & 2 ? ", tcp" : "",
				   cfg->sip.transports & 4 ? ", tls" : "");
		}
	}
	c->sec = "sip";
	c->sec = "media";
	if (!cfg->media.rtp_address[0])
		strcpy(cfg->media.rtp_address, cfg->sip.listen);
	if (parse_ip(c, "rtp_address", cfg->media.rtp_address, 0, &cfg->media.addr))
		return -EINVAL;
	if (cfg->media.jitter_min_ms > cfg->media.jitter_max_ms)
		return bad(c, "jitter_max_ms", "must not be below jitter_min_ms (%u)",
			   cfg->media.jitter_min_ms);
	if (cfg->media.rtp_port_min >= cfg->media.rtp_port_max)
		return bad(c, "rtp_port_max", "must be above rtp_port_min (%u)",
			   cfg->media.rtp_port_min);
	if (cfg->media.io.engine && cfg->media.threads > 1)
		return bad(c, "threads", "%u with engine = xdp (allowed: 1; AF_XDP uses one queue)",
			   cfg->media.threads);
	if (cfg->media.io.engine && !cfg->media.io.xdp_interface[0])
		return bad(c, "xdp_interface", "missing (allowed: the network interface RTP "
			   "arrives on, required with engine = xdp)");
	for (i = 0; i < cfg->nspans; i++) {
		struct cfg_span *s = &cfg->spans[i];
		char name[16];

		snprintf(name, sizeof(name), "span %d", s->no);
		c->sec = name;
		if (s->trunk[0] && !config_trunk(cfg, s->trunk))
			return bad(c, "trunk", "'%s' is not a [trunk NAME] section", s->trunk);
	}
	if (!cfg->nspans) {
		c->sec = "span N";
		return bad(c, NULL, "no span configured (allowed: one or more [span N] sections)");
	}
	return route_cross_checks(c);
}

const struct cfg_trunk *config_trunk(const struct config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->ntrunks; i++)
		if (!strcasecmp(cfg->trunks[i].name, name))
			return &cfg->trunks[i];
	return NULL;
}

const struct cfg_trunk *config_trunk_by_src(const struct config *cfg,
					    const struct sockaddr_storage *src)
{
	int i;

	for (i = 0; src && i < cfg->ntrunks; i++)
		if (sa_same_ip(&cfg->trunks[i].addr, src))
			return &cfg->trunks[i];
	return NULL;
}

enum sdp_srtp_policy config_srtp_policy(const struct config *cfg, const struct cfg_trunk *t)
{
	return t ? t->srtp : cfg->media.srtp;
}

static int ini_quiet(const char *fmt, ...)
{
	return 0;
}

#define SCAN_MAX_KEYS 512 /* per section; more are not checked for repeats */

/* the key of a "key = value" line, trimmed and lower-cased like iniparser does */
static bool line_key(char *p, char *key, size_t size)
{
	char *eq = strchr(p, '=');
	size_t n;

	if (!eq)
		return false;
	while (eq > p && (eq[-1] == ' ' || eq[-1] == '\t'))
		eq--;
	n = (size_t)(eq - p);
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		key[i] = (char)tolower((unsigned char)p[i]);
	key[n] = '\0';
	return true;
}

/*
 * What iniparser forgives and an operator would not want forgiven: a key
 * above the first section (iniparser drops it), a section written twice
 * (iniparser merges the two) and a key written twice in a section (the
 * last one silently wins). One pass over the raw lines finds them.
 */
static int scan_layout(FILE *f, const char *path, char *err, size_t errlen)
{
	char line[1024], seen[64][64], sec[64] = "";
	char (*keys)[64] = calloc(SCAN_MAX_KEYS, sizeof(*keys));
	int nseen = 0, nkeys = 0, i, ret = 0;
	bool in_section = false;

	if (!keys)
		return -ENOMEM;
	while (!ret && fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == ';' || *p == '#' || *p == '\n' || *p == '\r')
			continue;
		if (*p != '[') {
			char key[64];

			if (!line_key(p, key, sizeof(key)))
				continue;
			if (!in_section) {
				snprintf(err, errlen, "%s: keys outside any section", path);
				ret = -EINVAL;
				break;
			}
			for (i = 0; i < nkeys; i++) {
				if (!strcmp(keys[i], key)) {
					snprintf(err, errlen, "%s: [%s] %s: set twice in the section",
						 path, sec, key);
					ret = -EINVAL;
					break;
				}
			}
			if (!ret && nkeys < SCAN_MAX_KEYS)
				memcpy(keys[nkeys++], key, sizeof(key));
			continue;
		}
		end = strchr(p, ']');
		if (!end)
			continue; /* iniparser reports the syntax error */
		*end = '\0';
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		for (char *q = p; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		in_section = true;
		nkeys = 0;
		snprintf(sec, sizeof(sec), "%s", p);
		if (strchr(p, ':')) {
			snprintf(err, errlen, "%s: [%s]: ':' in a section name (allowed: letters, digits, "
				 "spaces, '.', '_', '-')", path, p);
			ret = -EINVAL;
			break;
		}
		for (i = 0; i < nseen; i++) {
			if (!strcmp(seen[i], p)) {
				int kind = (int)strcspn(p, " ");

				snprintf(err, errlen, "%s: [%s]: %.*s defined twice", path, p, kind, p);
				ret = -EINVAL;
				break;
			}
		}
		if (nseen < 64)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", p);
	}
	free(keys);
	return ret;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	struct cfg_ctx c = {.cfg = cfg, .file = path, .sec = "", .err = err, .errlen = errlen};
	dictionary *d;
	FILE *f;
	int i, n, ret = 0;

	defaults(cfg);
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return ret;
	}
	ret = scan_layout(f, path, err, errlen);
	fclose(f);
	if (ret)
		return ret;
	iniparser_set_error_callback(ini_quiet);
	d = iniparser_load(path);
	if (!d) {
		snprintf(err, errlen, "%s: not a valid INI file (syntax error)", path);
		return -EINVAL;
	}
	n = iniparser_getnsec(d);
	for (i = 0; i < n && !ret; i++) {
		c.sec = iniparser_getsecname(d, i);
		ret = section(&c, d);
	}
	if (!ret)
		ret = cross_checks(&c);
	iniparser_freedict(d);
	return ret;
}
